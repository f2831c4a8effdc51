/// 监测规则 — one limit on one factor over one window, with the level it raises and where it
/// comes from. Site limits are local (DOMAIN.md §2), so rules are data: a region's table
/// overrides the national defaults rule by rule, by `id`.
public struct MonitoringRule: Codable, Sendable, Equatable, Identifiable {
    /// A stable code, e.g. "pm10-1h-warning": overrides replace the rule with the same id.
    public var id: String
    /// 规则名称, shown to people.
    public var nameZH: String
    public var factor: Factor
    public var window: RuleWindow
    public var aggregate: RuleAggregate
    public var basis: RuleBasis
    public var level: AlarmLevel
    /// In the platform's units, µg/m³ or dB(A); a window whose value is above it exceeds.
    public var limit: Double
    /// Hysteresis: an open alarm clears only below this (Wuhan: stop work above 200 µg/m³
    /// until below 150). Nil means the limit itself.
    public var clearBelow: Double?
    /// 每日允许超标次数 — exceedances a local day tolerates before they alarm: 0, every
    /// exceeding window alarms; Hebei DB13/2934-2019 allows 2, so the third of a day alarms.
    public var allowedExceedancesPerDay: Int
    /// Day or night only (noise, GB 12523-2011); nil, always.
    public var period: DayPeriod?
    /// Where the rule comes from, e.g. "GB 12523-2011".
    public var reference: String

    public init(
        id: String, nameZH: String, factor: Factor, window: RuleWindow, aggregate: RuleAggregate = .mean, basis: RuleBasis = .site,
        level: AlarmLevel, limit: Double, clearBelow: Double? = nil, allowedExceedancesPerDay: Int = 0, period: DayPeriod? = nil,
        reference: String
    ) {
        self.id = id
        self.nameZH = nameZH
        self.factor = factor
        self.window = window
        self.aggregate = aggregate
        self.basis = basis
        self.level = level
        self.limit = limit
        self.clearBelow = clearBelow
        self.allowedExceedancesPerDay = allowedExceedancesPerDay
        self.period = period
        self.reference = reference
    }

    /// Below this an open alarm clears.
    public var clearingLevel: Double { clearBelow ?? limit }

    /// Whether the rule judges `window`: a day or night rule judges the windows that start in
    /// its period.
    public func applies(to window: Range<Int>, days: DayDefinition) -> Bool {
        period.map { days.period(at: window.lowerBound) == $0 } ?? true
    }

    /// The value the rule compares with its limit, from the window's valid samples taken every
    /// `interval` seconds and, for `differenceFromControlPoints`, the hourly values of the
    /// county's control points for the same hour; nil when the window lacks the coverage
    /// `RuleWindow.minimumSamples(interval:)` asks for, or there is no control point to compare.
    public func value(site samples: [Double], interval: Int, controlPoints: [Double] = []) -> Double? {
        guard samples.count >= window.minimumSamples(interval: interval),
              let own = WindowValue.of(samples, factor: factor, aggregate: aggregate)
        else { return nil }
        switch basis {
        case .site:
            return own
        case .differenceFromControlPoints:
            // Control points publish hourly means: each value already is one station's hour.
            return WindowValue.of(controlPoints, factor: factor, aggregate: .mean).map { own - $0 }
        }
    }

    /// How a window's `value` stands, given how many earlier windows of the same local day
    /// exceeded this rule.
    public func verdict(value: Double, exceedancesEarlierToday: Int) -> RuleVerdict {
        if value > limit { return .exceeds(alarming: exceedancesEarlierToday >= allowedExceedancesPerDay) }
        return value < clearingLevel ? .clears : .within
    }

    /// 整改期限 — when the contractor must have answered an exceedance raised at `raisedAt`:
    /// within the window's length, at least an hour (an hourly exceedance, within the hour).
    public func rectificationDeadline(raisedAt: Int) -> Int {
        raisedAt + max(window.seconds, RuleWindow.hour.seconds)
    }

    /// The first field that makes no sense, with why.
    func validate() throws(RuleError) {
        func fail(_ field: String, _ reason: RuleError.Reason) -> RuleError { RuleError(ruleID: id, field: field, reason: reason) }
        guard !id.isEmpty else { throw fail("id", .empty) }
        guard limit.isFinite else { throw fail("limit", .notFinite) }
        guard limit > 0 else { throw fail("limit", .notPositive) }
        if let clearBelow {
            guard clearBelow.isFinite else { throw fail("clearBelow", .notFinite) }
            guard clearBelow <= limit else { throw fail("clearBelow", .aboveLimit(limit)) }
        }
        guard allowedExceedancesPerDay >= 0 else { throw fail("allowedExceedancesPerDay", .negative) }
    }
}
