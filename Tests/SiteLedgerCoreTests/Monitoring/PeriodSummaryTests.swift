import Testing
@testable import SiteLedgerCore

@Suite("Monitoring: hourly and daily summaries")
struct PeriodSummaryTests {
    /// 2026-11-21 00:00 Beijing time.
    static let midnight = 1_795_190_400

    static func reading(_ minute: Int, _ kind: DataKind = .realTime, pm10: Double, noise: Double, flag: String? = nil) -> Reading {
        Reading(deviceID: "SL01", kind: kind, time: midnight + 8 * 3600 + minute * 60, values: [.pm10: pm10, .noise: noise], flags: flag.map { [.pm10: $0] } ?? [:])
    }

    @Test func anHourAveragesValidValuesAndNoiseByEnergy() throws {
        let hour = PeriodSummary.hour(of: [
            Self.reading(0, pm10: 40, noise: 70), Self.reading(1, pm10: 60, noise: 80),
            // Flag D (fault) is no measurement: its 900 must not count.
            Self.reading(2, pm10: 900, noise: 70, flag: "D"),
            // Flagged N but physically impossible (PM10 above 5000, noise above 140): no measurement.
            Self.reading(3, pm10: 9_999, noise: 150),
            // The device's minute series repeats what its real-time series said.
            Self.reading(0, .minute, pm10: 500, noise: 90),
        ].map(Sample.init))
        #expect(hour.readings == 4)
        #expect(hour.factors[.pm10] == FactorSummary(count: 2, mean: 50, minimum: 40, maximum: 60))
        // Leq of 70, 80 and 70 dB(A): 10·lg((10^7 + 10^8 + 10^7) / 3) = 10·lg(4·10^7) = 76.02 dB(A).
        let noise = try #require(hour.factors[.noise])
        #expect(abs(noise.mean - 76.0206) < 0.001 && noise.count == 3 && noise.maximum == 80)
    }

    /// A device's day data (CN 2031) is stamped with the day's 00:00, inside that day's first
    /// hour: the hour is still its minutes'. By command number the day's 2031 would come first.
    @Test func aDaysDataDoesNotStandForTheFirstHourOfTheDay() {
        let minutes = (0..<3).map { Reading(deviceID: "SL01", kind: .minute, time: Self.midnight + $0 * 60, values: [.pm10: 40 + Double($0)]) }
        let day = Reading(deviceID: "SL01", kind: .day, time: Self.midnight, values: [.pm10: 120])
        let hour = PeriodSummary.hour(of: (minutes + [day]).map(Sample.init))
        #expect(hour.readings == 3 && hour.factors[.pm10] == FactorSummary(count: 3, mean: 41, minimum: 40, maximum: 42))
        #expect(DataKind.allCases.sorted() == [.realTime, .minute, .hour, .day])
    }

    /// A sample keeps each factor's measurement as the reading gives it: none where flagged or impossible.
    @Test func aSampleKeepsEachFactorsMeasurement() {
        var values = FactorValues()
        for (index, factor) in Factor.allCases.enumerated() { values[factor] = 10 + Double(index) }
        values[.pm10] = 9_999
        let reading = Reading(deviceID: "SL01", kind: .minute, time: Self.midnight, values: values, flags: [.noise: "D"])
        let sample = Sample(reading)
        for factor in Factor.allCases {
            #expect(sample.measurement(factor) == reading.measurement(factor), "\(factor)")
        }
        #expect(sample.measurement(.pm10) == nil && sample.measurement(.noise) == nil && sample.measurement(.windDirection) == 19)
    }

    @Test func aDayIsTheMeanOfItsHourlyMeans() throws {
        let hours = [
            PeriodSummary(readings: 60, factors: [.pm10: FactorSummary(count: 60, mean: 30, minimum: 10, maximum: 70)]),
            PeriodSummary(readings: 2, factors: [.pm10: FactorSummary(count: 2, mean: 90, minimum: 80, maximum: 100)]),
            PeriodSummary(readings: 5, factors: [:]),
        ]
        let day = PeriodSummary.day(of: hours)
        #expect(day.readings == 67)
        // Two valid hours, equally weighted however many readings each had.
        #expect(day.factors[.pm10] == FactorSummary(count: 2, mean: 60, minimum: 10, maximum: 100))
        #expect(day.factors[.noise] == nil)
    }

    @Test func periodsStartOnTheBeijingClock() {
        let morning = Self.midnight + 8 * 3600 + 1_234
        #expect(SummarySpan.hour.start(of: morning) == Self.midnight + 8 * 3600)
        #expect(SummarySpan.day.start(of: morning) == Self.midnight)
        // 23:59:59 Beijing is still the same day; 00:00 the next.
        #expect(SummarySpan.day.start(of: Self.midnight + 86_399) == Self.midnight)
        #expect(SummarySpan.day.start(of: Self.midnight + 86_400) == Self.midnight + 86_400)
        #expect(SummarySpan.day.start(of: -1) == -8 * 3600)
    }
}
