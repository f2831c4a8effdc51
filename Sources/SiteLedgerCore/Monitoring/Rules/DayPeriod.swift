/// 昼间 / 夜间 — the two periods GB 12523-2011 sets different noise limits for.
public enum DayPeriod: String, CaseIterable, Codable, Sendable {
    /// 昼间 — day.
    case day
    /// 夜间 — night.
    case night
}
