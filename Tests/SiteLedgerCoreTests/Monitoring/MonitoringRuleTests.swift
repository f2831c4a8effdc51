import Foundation
import SiteLedgerCore
import Testing

@Suite("Monitoring rules: verdicts, allowances, hysteresis, tables")
struct MonitoringRuleTests {
    static let national = RuleTable.national
    static func rule(_ id: String) throws -> MonitoringRule { try #require(national.rule(id)) }

    /// Hebei DB13/2934-2019: PM10 hourly 80 µg/m³, at most two exceedances a day.
    static let hebei = MonitoringRule(
        id: "pm10-1h-alarm", nameZH: "PM10 小时均值超标", factor: .pm10, window: .hour, level: .alarm, limit: 80,
        allowedExceedancesPerDay: 2, reference: "DB13/2934-2019"
    )

    @Test func theThirdExceedanceOfAHebeiDayAlarms() {
        #expect(Self.hebei.verdict(value: 95, exceedancesEarlierToday: 0) == .exceeds(alarming: false))
        #expect(Self.hebei.verdict(value: 95, exceedancesEarlierToday: 1) == .exceeds(alarming: false))
        #expect(Self.hebei.verdict(value: 95, exceedancesEarlierToday: 2) == .exceeds(alarming: true))
        #expect(Self.hebei.verdict(value: 80, exceedancesEarlierToday: 5) == .within, "the limit itself is allowed")
        #expect(Self.hebei.verdict(value: 79.9, exceedancesEarlierToday: 5) == .clears, "without clearBelow, below the limit clears")
    }

    @Test func wuhanStopsWorkAbove200UntilBelow150() throws {
        let alarm = try Self.rule("pm10-1h-alarm")
        var status: AlarmStatus?
        var log: [AlarmTransition?] = []
        for value in [180.0, 230, 170, 150, 149] {
            let transition = AlarmLifecycle.transition(open: status, verdict: alarm.verdict(value: value, exceedancesEarlierToday: 0))
            log.append(transition)
            switch transition {
            case .raise: status = .active
            case .clear: status = .cleared
            case .keep, nil: break
            }
        }
        #expect(log == [nil, .raise, nil, nil, .clear], "170 and 150 keep the alarm open; 149 clears it")
        #expect(status == .cleared)
    }

    @Test func aDayOrNightRuleJudgesTheWindowsThatStartInItsPeriod() throws {
        let night = try Self.rule("noise-15m-night-alarm"), day = try Self.rule("noise-15m-day-alarm")
        let tenPM = RuleWindowTests.midnight + 22 * 3600
        let lastDayQuarter = (tenPM - 900)..<tenPM, firstNightQuarter = tenPM..<(tenPM + 900)
        let days = DayDefinition()
        #expect(day.applies(to: lastDayQuarter, days: days) && !night.applies(to: lastDayQuarter, days: days))
        #expect(night.applies(to: firstNightQuarter, days: days) && !day.applies(to: firstNightQuarter, days: days))
        let lateNights = DayDefinition(dayStartsAt: 6 * 60, nightStartsAt: 23 * 60)
        #expect(day.applies(to: firstNightQuarter, days: lateNights), "a city may move night to 23:00")
        #expect(try Self.rule("pm10-1h-alarm").applies(to: firstNightQuarter, days: days), "dust rules apply day and night")
    }

    @Test func aWindowWithoutEnoughDataHasNoValue() throws {
        let hourly = try Self.rule("pm10-1h-warning")
        #expect(hourly.value(site: Array(repeating: 160, count: 44), interval: 60) == nil)
        #expect(hourly.value(site: Array(repeating: 160, count: 45), interval: 60) == 160)
        let nightNoise = try Self.rule("noise-15m-night-alarm")
        let leq = try #require(nightNoise.value(site: Array(repeating: 50, count: 11) + [70], interval: 60))
        #expect(leq > 59 && nightNoise.verdict(value: leq, exceedancesEarlierToday: 0) == .exceeds(alarming: true), "one loud minute of twelve breaks a 55 dB(A) night")
    }

    @Test func theControlPointDifferenceSubtractsTheCountysHourlyMean() throws {
        let difference = try Self.rule("pm10-1h-difference-warning")
        let site = Array(repeating: 180.0, count: 60)
        #expect(difference.value(site: site, interval: 60, controlPoints: [110, 130]) == 60)
        #expect(difference.verdict(value: 60, exceedancesEarlierToday: 0) == .exceeds(alarming: true))
        #expect(difference.value(site: site, interval: 60) == nil, "no control point, no difference")
        #expect(try Self.rule("pm10-1h-warning").value(site: site, interval: 60, controlPoints: [110]) == 180, "a site rule ignores them")
    }

    @Test func theContractorAnswersWithinTheWindowAtLeastAnHour() throws {
        #expect(try Self.rule("pm10-1h-alarm").rectificationDeadline(raisedAt: 1_000) == 4_600)
        #expect(try Self.rule("noise-15m-day-alarm").rectificationDeadline(raisedAt: 1_000) == 4_600)
        #expect(try Self.rule("pm25-24h-warning").rectificationDeadline(raisedAt: 1_000) == 87_400)
    }

    @Test func theNationalTableHasTheDefaultsOfDOMAIN() throws {
        try Self.national.validate()
        #expect(Self.national.dayDefinition == DayDefinition(dayStartsAt: 360, nightStartsAt: 1320))
        let nightMaximum = try Self.rule("noise-15m-night-maximum-alarm")
        #expect(nightMaximum.aggregate == .maximum && nightMaximum.limit == 70 && nightMaximum.period == .night)
        #expect(try Self.rule("pm10-1h-alarm").clearingLevel == 150 && Self.rule("pm10-1h-warning").clearingLevel == 150)
        #expect(try [Self.rule("pm10-24h-warning"), Self.rule("pm25-24h-warning"), Self.rule("tsp-24h-warning")].map(\.limit) == [150, 75, 300])
        #expect(try Self.rule("pm10-1h-difference-warning").basis == .differenceFromControlPoints)
        #expect(AlarmLevel.warning < .alarm && AlarmLevel.allCases.max() == .alarm)
    }

    @Test func aRegionReplacesRulesByIdRemovesAndAdds() throws {
        let shanghaiQuarter = MonitoringRule(
            id: "pm10-15m-alarm", nameZH: "PM10 15 分钟均值超标", factor: .pm10, window: .quarterHour, level: .alarm, limit: 100,
            allowedExceedancesPerDay: 1, reference: "上海市"
        )
        let table = Self.national.overriding([Self.hebei, shanghaiQuarter], removing: ["pm10-1h-warning"])
        try table.validate()
        #expect(table.rule("pm10-1h-warning") == nil)
        #expect(table.rule("pm10-1h-alarm") == Self.hebei)
        #expect(Array(table.rules.map(\.id).prefix(2)) == ["pm10-1h-alarm", "pm10-24h-warning"], "replaced in place")
        #expect(table.rules.last == shanghaiQuarter, "a new id is added at the end")
        #expect(table.rules.count == Self.national.rules.count, "one removed, one added")
    }

    @Test func validationNamesTheRuleTheFieldAndTheReason() throws {
        func error(_ change: (inout MonitoringRule) -> Void) -> RuleError? {
            var rule = Self.hebei
            change(&rule)
            do throws(RuleError) { try RuleTable(rules: [rule]).validate() } catch { return error }
            return nil
        }
        #expect(error { _ in } == nil)
        #expect(error { $0.limit = 0 } == RuleError(ruleID: "pm10-1h-alarm", field: "limit", reason: .notPositive))
        #expect(error { $0.limit = .nan } == RuleError(ruleID: "pm10-1h-alarm", field: "limit", reason: .notFinite))
        #expect(error { $0.clearBelow = 90 } == RuleError(ruleID: "pm10-1h-alarm", field: "clearBelow", reason: .aboveLimit(80)))
        #expect(error { $0.clearBelow = .infinity }?.field == "clearBelow")
        #expect(error { $0.allowedExceedancesPerDay = -1 } == RuleError(ruleID: "pm10-1h-alarm", field: "allowedExceedancesPerDay", reason: .negative))
        #expect(error { $0.id = "" }?.field == "id")
        #expect(error { $0.clearBelow = 90 }?.description == "rule pm10-1h-alarm: clearBelow must not be above the limit 80.0")
        #expect(error { $0.clearBelow = 90 }?.messageZH == "规则 pm10-1h-alarm：clearBelow 不得高于限值 80.0")

        var duplicated = Self.national
        duplicated.rules.append(Self.hebei)
        #expect(throws: RuleError(ruleID: "pm10-1h-alarm", field: "id", reason: .duplicate)) { try duplicated.validate() }

        var days = Self.national
        days.dayDefinition = DayDefinition(dayStartsAt: 1440)
        #expect(throws: RuleError(ruleID: nil, field: "dayDefinition.dayStartsAt", reason: .outOfRange(0..<1440))) { try days.validate() }
        days.dayDefinition = DayDefinition(dayStartsAt: 600, nightStartsAt: 600)
        #expect(throws: RuleError(ruleID: nil, field: "dayDefinition.nightStartsAt", reason: .equalsDayStart)) { try days.validate() }
    }

    @Test func aTableRoundTripsThroughJSONWithTheWindowCodes() throws {
        let table = Self.national.overriding([Self.hebei])
        let data = try JSONEncoder().encode(table)
        #expect(try JSONDecoder().decode(RuleTable.self, from: data) == table)
        let text = try #require(String(data: data, encoding: .utf8))
        #expect(text.contains(#""window":"1h""#) && text.contains(#""window":"24h""#))
    }
}
