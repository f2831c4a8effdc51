/// A limit drawn across a chart as a dashed line, so a reader sees how close the site came:
/// Wuhan's PM10 hourly 预警 150 and 报警 200, Hebei's 80 (DOMAIN.md §2).
public struct ChartThreshold: Equatable, Sendable {
    /// What crossing the limit sets off.
    public enum Level: Equatable, Sendable {
        /// 预警, drawn amber.
        case warning
        /// 报警, drawn red.
        case alarm

        var color: String {
            switch self {
            case .warning: ChartPalette.warning
            case .alarm: ChartPalette.alarm
            }
        }
    }

    /// In the chart's unit.
    public var value: Double
    /// Written at the line's right end, e.g. "预警 150".
    public var label: String
    public var level: Level

    public init(value: Double, label: String, level: Level) {
        self.value = value
        self.label = label
        self.level = level
    }
}
