import SiteLedgerCore
import Testing

@Suite("Rule windows, day and night, window values")
struct RuleWindowTests {
    /// 2026-11-21 00:00 Beijing time.
    static let midnight = 1_795_190_400

    @Test func aDayWindowEndsAtBeijingMidnightNotUTCMidnight() {
        let around = (Self.midnight - 1)..<(Self.midnight + 1)
        #expect(RuleWindow.day.windows(closingIn: around) == [(Self.midnight - 86_400)..<Self.midnight])
        // 00:00 UTC is 08:00 in Beijing: no day closes there.
        let utcMidnight = Self.midnight + 8 * 3600
        #expect(RuleWindow.day.windows(closingIn: (utcMidnight - 60)..<(utcMidnight + 60)).isEmpty)
    }

    @Test func windowsClosingInARangeAreAlignedAndTheUpperBoundIsExcluded() {
        let twoHours = Self.midnight..<(Self.midnight + 7200)
        #expect(RuleWindow.hour.windows(closingIn: twoHours) == [(Self.midnight - 3600)..<Self.midnight, Self.midnight..<(Self.midnight + 3600)])
        let quarter = RuleWindow.quarterHour.windows(closingIn: (Self.midnight + 1)..<(Self.midnight + 3600 + 1))
        #expect(quarter.map(\.upperBound) == [900, 1800, 2700, 3600].map { Self.midnight + $0 })
        #expect(RuleWindow.fiveMinutes.windows(closingIn: (Self.midnight + 1)..<(Self.midnight + 299)).isEmpty)
        #expect(RuleWindow.fiveMinutes.windows(closingIn: (Self.midnight + 1)..<(Self.midnight + 301)) == [Self.midnight..<(Self.midnight + 300)])
        #expect(RuleWindow.allCases.allSatisfy { $0.windows(closingIn: Self.midnight..<(Self.midnight + 86_400)).count == 86_400 / $0.seconds })
    }

    @Test func coverageFollowsGB3095() {
        #expect(RuleWindow.hour.minimumSamples(interval: 60) == 45, "45 minutes of the hour")
        #expect(RuleWindow.day.minimumSamples(interval: 3600) == 20, "20 hourly values of the day")
        #expect(RuleWindow.day.minimumSamples(interval: 60) == 1_200)
        #expect(RuleWindow.quarterHour.minimumSamples(interval: 60) == 12, "75 % of 15, rounded up")
        #expect(RuleWindow.fiveMinutes.minimumSamples(interval: 60) == 4)
        #expect(RuleWindow.hour.minimumSamples(interval: 3600) == 1)
        #expect(RuleWindow(rawValue: "15m") == .quarterHour && RuleWindow.day.rawValue == "24h")
    }

    @Test func dayAndNightChangeAtSixAndTwentyTwoUnlessRedefined() {
        let standard = DayDefinition()
        func at(_ hour: Int, _ minute: Int) -> Int { Self.midnight + hour * 3600 + minute * 60 }
        #expect(standard.period(at: at(5, 59)) == .night && standard.period(at: at(6, 0)) == .day)
        #expect(standard.period(at: at(21, 59)) == .day && standard.period(at: at(22, 0)) == .night)
        #expect(standard.period(at: at(0, 0)) == .night)
        // A city that protects the evening: day 07:00–20:00.
        let local = DayDefinition(dayStartsAt: 7 * 60, nightStartsAt: 20 * 60)
        #expect(local.period(at: at(6, 30)) == .night && local.period(at: at(7, 0)) == .day && local.period(at: at(20, 0)) == .night)
    }

    @Test func theLocalDayChangesAtBeijingMidnight() {
        let days = DayDefinition()
        #expect(days.localDay(at: Self.midnight) == days.localDay(at: Self.midnight - 1) + 1)
        #expect(days.localDay(at: Self.midnight) == days.localDay(at: Self.midnight + 86_399))
        #expect(days.localDay(at: Self.midnight) == 20_778, "2026-01-01 is day 20454, and 21 November its 325th day")
    }

    @Test func noiseMeansAreEquivalentLevelsOtherMeansArithmetic() throws {
        let leq = try #require(WindowValue.of([70, 80], factor: .noise, aggregate: .mean))
        #expect(abs(leq - 77.4036) < 0.001, "10·log10((10^7 + 10^8) / 2)")
        #expect(WindowValue.of([70, 80], factor: .pm10, aggregate: .mean) == 75)
        #expect(WindowValue.of([62, 71, 58], factor: .noise, aggregate: .maximum) == 71)
        #expect(WindowValue.of([55, 55, 55], factor: .noise, aggregate: .mean).map { abs($0 - 55) < 1e-9 } == true)
        #expect(WindowValue.of([], factor: .pm10, aggregate: .mean) == nil)
    }
}
