/// 报警状态 — where an alarm stands. One alarm per device and rule is open (active or
/// acknowledged) at a time.
public enum AlarmStatus: String, CaseIterable, Codable, Sendable {
    /// 未处理 — raised, nobody has taken it on yet.
    case active
    /// 已确认 — the contractor has taken it on; it stays open until the air clears.
    case acknowledged
    /// 已解除 — closed by a window below the clearing level.
    case cleared

    /// Active or acknowledged.
    public var isOpen: Bool { self != .cleared }
}
