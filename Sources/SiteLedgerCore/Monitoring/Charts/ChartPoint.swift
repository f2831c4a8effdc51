/// One value of a series at one instant, as charts draw it: an hourly mean, a minute's
/// reading, a 国控点 hour.
public struct ChartPoint: Hashable, Sendable {
    /// Seconds since the Unix epoch.
    public var time: Int
    /// Finite, in the chart's unit.
    public var value: Double

    public init(time: Int, value: Double) {
        self.time = time
        self.value = value
    }
}
