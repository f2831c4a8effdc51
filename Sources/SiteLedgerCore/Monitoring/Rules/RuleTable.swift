/// 规则表 — the rules a region applies and its day/night definition: the national defaults
/// (`national`) with the region's own rules laid over them.
public struct RuleTable: Codable, Sendable, Equatable {
    public var rules: [MonitoringRule]
    public var dayDefinition: DayDefinition

    public init(rules: [MonitoringRule], dayDefinition: DayDefinition = DayDefinition()) {
        self.rules = rules
        self.dayDefinition = dayDefinition
    }

    /// The rule with `id`, if the table has it.
    public func rule(_ id: String) -> MonitoringRule? {
        rules.first { $0.id == id }
    }

    /// This table without the rules in `ids`, then with `rules` laid over it: a rule replaces the
    /// one with its id in place, or is added at the end.
    public func overriding(_ rules: [MonitoringRule], removing ids: Set<String> = []) -> RuleTable {
        var result = self.rules.filter { !ids.contains($0.id) }
        for rule in rules {
            if let index = result.firstIndex(where: { $0.id == rule.id }) {
                result[index] = rule
            } else {
                result.append(rule)
            }
        }
        return RuleTable(rules: result, dayDefinition: dayDefinition)
    }

    /// Refuses the table at its first bad field: limits finite and above 0, `clearBelow` finite
    /// and not above the limit, allowances not negative, ids non-empty and unique, day and night
    /// starts within a day and different.
    public func validate() throws(RuleError) {
        try dayDefinition.validate()
        var seen: Set<String> = []
        for rule in rules {
            try rule.validate()
            guard seen.insert(rule.id).inserted else { throw RuleError(ruleID: rule.id, field: "id", reason: .duplicate) }
        }
    }
}
