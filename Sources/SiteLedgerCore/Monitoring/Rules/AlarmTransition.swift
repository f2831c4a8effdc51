/// What a window's verdict does to a device's alarm under one rule.
public enum AlarmTransition: String, CaseIterable, Codable, Sendable {
    /// 新增报警 — open a new alarm.
    case raise
    /// 持续 — the open alarm stays open; record the window's value if it is the new peak.
    case keep
    /// 自动解除 — the open alarm clears.
    case clear
}
