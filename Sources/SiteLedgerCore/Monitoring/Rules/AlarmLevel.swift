/// How serious an exceedance is: a warning asks the contractor to act, an alarm brings the
/// regulator in (and, by local practice, may stop work).
public enum AlarmLevel: String, CaseIterable, Codable, Sendable, Comparable {
    /// 预警 — warning.
    case warning
    /// 报警 — alarm.
    case alarm

    public var nameZH: String { self == .warning ? "预警" : "报警" }

    public static func < (lhs: AlarmLevel, rhs: AlarmLevel) -> Bool {
        lhs == .warning && rhs == .alarm
    }
}
