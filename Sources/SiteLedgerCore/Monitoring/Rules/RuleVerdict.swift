/// What one window's value means under one rule.
public enum RuleVerdict: Equatable, Sendable {
    /// 超标 — above the limit; `alarming` is false while the day's allowance of exceedances
    /// (e.g. Hebei's two) is not used up.
    case exceeds(alarming: Bool)
    /// At or below the limit but not below the clearing level: an open alarm stays open.
    case within
    /// Below the clearing level: an open alarm clears.
    case clears
}
