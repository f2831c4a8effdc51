/// 报警闭环 — the alarm's life as pure functions, so that the server's storage only records
/// what they decide.
public enum AlarmLifecycle {
    /// What `verdict` does given the device's alarm under the rule, `open` (nil, or cleared,
    /// when it has none open): an alarming exceedance raises one; any exceedance keeps an open
    /// one; a value below the clearing level clears it, acknowledged or not. Nil: nothing.
    ///
    /// Never raises while one is open, so there is one open alarm per device and rule.
    public static func transition(open: AlarmStatus?, verdict: RuleVerdict) -> AlarmTransition? {
        let isOpen = open?.isOpen ?? false
        switch verdict {
        case .exceeds(let alarming):
            if isOpen { return .keep }
            return alarming ? .raise : nil
        case .within:
            return nil
        case .clears:
            return isOpen ? .clear : nil
        }
    }

    /// 确认 — the status after acknowledging; nil unless the alarm is active.
    public static func acknowledge(_ status: AlarmStatus) -> AlarmStatus? {
        status == .active ? .acknowledged : nil
    }

    /// 升级 — whether an alarm raised at `raisedAt` and not yet acknowledged has waited `after`
    /// seconds or more at `now`, so that it goes up to the regulator.
    public static func escalationDue(raisedAt: Int, acknowledged: Bool, now: Int, after: Int) -> Bool {
        !acknowledged && now - raisedAt >= after
    }
}
