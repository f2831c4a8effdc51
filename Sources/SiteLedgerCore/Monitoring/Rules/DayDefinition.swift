/// 昼夜划分 — when day and night begin, in minutes after local (Beijing) midnight.
/// GB 12523-2011 sets day 06:00–22:00 and night 22:00–06:00; local governments may redefine
/// both, so they are data, not constants.
public struct DayDefinition: Codable, Sendable, Equatable {
    /// 昼间开始 — minutes after midnight, 360 (06:00) by default.
    public var dayStartsAt: Int
    /// 夜间开始 — minutes after midnight, 1320 (22:00) by default.
    public var nightStartsAt: Int

    public init(dayStartsAt: Int = 6 * 60, nightStartsAt: Int = 22 * 60) {
        self.dayStartsAt = dayStartsAt
        self.nightStartsAt = nightStartsAt
    }

    /// Day or night at `time` (unix seconds). The day runs from its start up to the night's,
    /// across midnight if a government sets it so.
    public func period(at time: Int) -> DayPeriod {
        let minute = BeijingClock.secondsInto(BeijingClock.secondsPerDay, at: time) / 60
        let minutesPerDay = BeijingClock.secondsPerDay / 60
        let sinceDayStart = (minute - dayStartsAt + minutesPerDay) % minutesPerDay
        let dayLength = (nightStartsAt - dayStartsAt + minutesPerDay) % minutesPerDay
        return sinceDayStart < dayLength ? .day : .night
    }

    /// The Beijing calendar day of `time`, counted from 1970-01-01: exceedances allowed "per
    /// day" are counted within it.
    public func localDay(at time: Int) -> Int {
        BeijingClock.day(at: time)
    }

    /// Both starts within a day, and different (otherwise one period would be empty).
    func validate() throws(RuleError) {
        let minutes = 0..<(BeijingClock.secondsPerDay / 60)
        for (field, value) in [("dayStartsAt", dayStartsAt), ("nightStartsAt", nightStartsAt)] where !minutes.contains(value) {
            throw RuleError(ruleID: nil, field: "dayDefinition.\(field)", reason: .outOfRange(minutes))
        }
        guard dayStartsAt != nightStartsAt else {
            throw RuleError(ruleID: nil, field: "dayDefinition.nightStartsAt", reason: .equalsDayStart)
        }
    }
}
