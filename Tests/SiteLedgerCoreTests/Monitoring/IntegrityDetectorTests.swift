import Foundation
import SiteLedgerCore
import Testing

@Suite("Integrity detectors on hand-made series: thresholds, flags, episodes")
struct IntegrityDetectorTests {
    static let t0 = RuleWindowTests.midnight

    /// A reading of `device` measured and received at minute `minute` unless said otherwise.
    static func reading(
        _ device: String = "A", minute: Int, dataTime: Int? = nil, _ values: FactorValues, flags: [Factor: String] = [:]
    ) -> ObservedReading {
        let received = t0 + minute * 60
        return ObservedReading(deviceID: device, dataTime: dataTime ?? received, receivedAt: received, values: values, flags: flags)
    }

    static func series(_ device: String = "A", minutes: Range<Int>, pm10: (Int) -> Double) -> [ObservedReading] {
        minutes.map { reading(device, minute: $0, [.pm10: pm10($0)]) }
    }

    // MARK: flat line

    @Test func aFlatLineNeedsSixtyReadingsOverAnHour() throws {
        let hour = Self.series(minutes: 0..<61) { $0 % 2 == 0 ? 38.04 : 37.96 }
        let findings = FlatLineDetector.findings(in: hour)
        try #require(findings.count == 1, "values equal to a tenth are the same")
        #expect(findings[0].kind == .flatLine && findings[0].factor == .pm10 && findings[0].from == Self.t0 && findings[0].to == Self.t0 + 3600)
        #expect(findings[0].explanationZH == "PM10 连续 1 小时恒为 38.0 µg/m³（61 次读数），真实空气不会如此平稳")
        #expect(FlatLineDetector.findings(in: Array(hour.prefix(60))).isEmpty, "60 minute readings span 59 minutes")
        let tenSeconds = (0..<200).map { ObservedReading(deviceID: "A", dataTime: Self.t0 + $0 * 10, receivedAt: Self.t0 + $0 * 10, values: [.pm10: 38]) }
        #expect(FlatLineDetector.findings(in: tenSeconds).isEmpty, "200 readings over half an hour")
    }

    @Test func aMovingValueOrZeroIsNoFlatLineAndFlaggedReadingsDoNotBreakOne() {
        #expect(FlatLineDetector.findings(in: Self.series(minutes: 0..<120) { $0 == 60 ? 38.2 : 38 }).isEmpty)
        #expect(FlatLineDetector.findings(in: Self.series(minutes: 0..<120) { _ in 0 }).isEmpty, "zero is the zeroed detector's")
        var calibrating = Self.series(minutes: 0..<61) { _ in 38 }
        calibrating[30] = Self.reading(minute: 30, [.pm10: 500], flags: [.pm10: "C"])
        #expect(FlatLineDetector.findings(in: calibrating).count == 1)
        #expect(FlatLineDetector.findings(in: Self.series(minutes: 0..<61) { _ in 38 } + Self.series("B", minutes: 0..<61) { Double($0) }).map(\.deviceID) == ["A"])
    }

    // MARK: impossible values and jumps

    @Test func valuesOutsidePhysicalRangesAreFoundPerFactorAndEpisode() {
        let readings = [
            Self.reading(minute: 0, [.pm10: -1, .humidity: 101]),
            Self.reading(minute: 1, [.pm10: 9_999, .noise: 19.9]),
            Self.reading(minute: 2, [.pm10: 5_000, .noise: 140, .humidity: 100, .windDirection: 360]),
            Self.reading(minute: 3, [.windDirection: 361, .pm10: 6_000], flags: [.pm10: "T"]),
            Self.reading(minute: 40, [.pm10: 7_000]),
        ]
        let findings = ImpossibleValueDetector.findings(in: readings)
        #expect(findings.map(\.factor) == [.pm10, .pm10, .noise, .humidity, .windDirection])
        #expect(findings[0].evidence == ["readings": "2", "worst": "9999.0", "range": "0.0–5000.0 µg/m³"], "an over-range flag (T) is not evidence")
        #expect(findings[1].from == Self.t0 + 40 * 60, "more than half an hour later, a new episode")
        #expect(findings[0].explanationZH == "PM10 有 2 次读数超出物理可能范围（0.0–5000.0 µg/m³），如 9999.0 µg/m³，真实环境和正常仪器都不会出现")
    }

    @Test func pm25CannotExceedPM10BeyondMeasurementError() {
        let readings = [Self.reading(minute: 0, [.pm10: 100, .pm25: 104]), Self.reading(minute: 1, [.pm10: 100, .pm25: 106])]
        let findings = ImpossibleValueDetector.findings(in: readings)
        #expect(findings.map(\.factor) == [.pm25] && findings[0].evidence["readings"] == "1" && findings[0].evidence["largestRatioToPM10"] == "1.1")
        #expect(ImpossibleValueDetector.findings(in: [Self.reading(minute: 0, [.pm25: 80])]).isEmpty, "without PM10 there is nothing to compare")
    }

    @Test func aJumpIsMoreThan500WithinTwoMinutesBetweenPossibleValues() throws {
        let findings = JumpDetector.findings(in: Self.series(minutes: 0..<4) { [80, 700, 650, 90][$0] })
        try #require(findings.count == 1, "two jumps a minute apart are one episode")
        #expect(findings[0].evidence == ["jumps": "2", "before": "80.0", "after": "700.0", "seconds": "60"])
        #expect(findings[0].explanationZH == "PM10 在 1 分钟内从 80.0 µg/m³ 变为 700.0 µg/m³（共 2 次突变），真实空气不会变化得如此之快")
        #expect(JumpDetector.findings(in: [Self.reading(minute: 0, [.pm10: 80]), Self.reading(minute: 3, [.pm10: 700])]).isEmpty, "three minutes apart")
        #expect(JumpDetector.findings(in: Self.series(minutes: 0..<2) { [80, 580][$0] }).isEmpty, "exactly 500 is allowed")
        #expect(JumpDetector.findings(in: Self.series(minutes: 0..<3) { [80, 9_999, 80][$0] }).isEmpty, "an impossible value is not a jump")
        let faulty = [Self.reading(minute: 0, [.pm10: 80]), Self.reading(minute: 1, [.pm10: 900], flags: [.pm10: "D"]), Self.reading(minute: 2, [.pm10: 85])]
        #expect(JumpDetector.findings(in: faulty).isEmpty)
    }

    // MARK: time travel

    @Test func dataTimeMayBeTenMinutesAheadAndTwoHoursBehind() {
        func found(_ offset: Int) -> Bool {
            !TimeTravelDetector.findings(in: [Self.reading(minute: 0, dataTime: Self.t0 + offset, [.pm10: 50])]).isEmpty
        }
        #expect(!found(600) && found(601))
        #expect(!found(-7_200) && found(-7_201))
        let behind = TimeTravelDetector.findings(in: [Self.reading(minute: 0, dataTime: Self.t0 - 5 * 3600, [.pm10: 50])])
        #expect(behind.first?.explanationZH == "数据时间最多落后到达时间 5 小时（共 1 次读数），设备时钟不可信，所报数据时间不是真实监测时间")
    }

    @Test func dataTimeRunningBackwardsByMoreThanTheIntervalIsTimeTravel() throws {
        func readings(_ dataMinutes: [Int]) -> [ObservedReading] {
            dataMinutes.enumerated().map { index, minute in Self.reading(minute: index, dataTime: Self.t0 + minute * 60, [.pm10: 50]) }
        }
        let findings = TimeTravelDetector.findings(in: readings([0, 1, 2, 3, 1, 2]))
        try #require(findings.count == 1)
        #expect(findings[0].from == Self.t0 + 4 * 60 && findings[0].evidence["backwardSteps"] == "1" && findings[0].evidence["intervalSeconds"] == "60")
        #expect(findings[0].evidence["maximumAheadSeconds"] == nil)
        #expect(TimeTravelDetector.findings(in: readings([0, 1, 2, 3, 2, 3])).isEmpty, "one interval back is a resent reading, not time travel")
    }

    // MARK: replay

    static func wave(_ minute: Int) -> Double { 60 + Double(minute % 17) * 3.7 }

    @Test func twoDevicesWithTheSameVaryingSeriesAreNamedTogether() throws {
        let copied = Self.series("B", minutes: 0..<40, pm10: Self.wave) + Self.series("A", minutes: 0..<40, pm10: Self.wave)
        let findings = ReplayDetector.findings(in: copied + Self.series("C", minutes: 0..<40) { Self.wave($0) + 0.2 })
        try #require(findings.count == 1)
        #expect(findings[0].deviceID == "A" && findings[0].otherDeviceID == "B" && findings[0].from == Self.t0 && findings[0].to == Self.t0 + 39 * 60)
        #expect(findings[0].evidence == ["identicalTimes": "40", "commonTimes": "40", "sharePercent": "100.0"])
    }

    @Test func tooFewIdenticalTimesTooLowAShareOrAConstantIsNoReplay() {
        let a = Self.series("A", minutes: 0..<29, pm10: Self.wave)
        #expect(ReplayDetector.findings(in: a + Self.series("B", minutes: 0..<29, pm10: Self.wave)).isEmpty, "29 identical times")
        let mostly = Self.series("B", minutes: 0..<40) { $0 < 31 ? Self.wave($0) : 0 }
        #expect(ReplayDetector.findings(in: Self.series("A", minutes: 0..<40, pm10: Self.wave) + mostly).isEmpty, "31 of 40 is below 95 %")
        let stuck = Self.series("A", minutes: 0..<60) { _ in 38 } + Self.series("B", minutes: 0..<60) { _ in 38 }
        #expect(ReplayDetector.findings(in: stuck).isEmpty, "a constant is a flat line")
        let shifted = Self.series("A", minutes: 0..<40, pm10: Self.wave) + Self.series("B", minutes: 1..<41) { Self.wave($0 - 1) }
        #expect(ReplayDetector.findings(in: shifted).isEmpty, "the same values at other DataTimes")
    }

    // MARK: zeroed

    @Test func zerosWhileTheNeighboursBreatheDustAreZeroed() throws {
        let zeros = Self.series("Z", minutes: 0..<30) { _ in 0 }
        let findings = ZeroedDetector.findings(in: zeros + Self.series("N1", minutes: 0..<30) { _ in 80 } + Self.series("N2", minutes: 0..<30) { _ in 90 })
        try #require(findings.count == 1)
        #expect(findings[0].deviceID == "Z" && findings[0].evidence == ["readings": "30", "neighbourMeanPM10": "85.0", "neighbourStations": "2"])
        #expect(findings[0].explanationZH == "颗粒物连续 30 次读数恰为 0（29 分钟），而周边 2 个站点同期 PM10 均值为 85.0 µg/m³，设备读数被归零")
        #expect(ZeroedDetector.findings(in: Array(zeros.dropLast()) + Self.series("N1", minutes: 0..<30) { _ in 80 }).isEmpty, "29 readings")
        #expect(ZeroedDetector.findings(in: zeros + Self.series("N1", minutes: 0..<30) { _ in 19 }).isEmpty, "clean air around")
        #expect(ZeroedDetector.findings(in: zeros).isEmpty, "no neighbour, no judgement")
        #expect(ZeroedDetector.findings(in: zeros + Self.series("N1", minutes: 60..<90) { _ in 80 }).isEmpty, "neighbours at another time")
    }

    @Test func controlPointsAreNeighboursForTheHoursTheyOverlap() {
        let zeros = Self.series("Z", minutes: 30..<70) { _ in 0 }
        func hour(_ start: Int, _ pm10: Double) -> ObservedReading {
            ObservedReading(deviceID: "GK1", dataTime: Self.t0 + start * 3600, receivedAt: Self.t0 + (start + 1) * 3600, values: [.pm10: pm10])
        }
        let findings = ZeroedDetector.findings(in: zeros, controlPoints: [hour(0, 40), hour(1, 60), hour(2, 500)])
        #expect(findings.map { $0.evidence["neighbourMeanPM10"] } == ["50.0"], "00:00 and 01:00 overlap 00:30–01:09")
        let flagged = [ObservedReading(deviceID: "GK1", dataTime: Self.t0, receivedAt: Self.t0, values: [.pm10: 40], flags: [.pm10: "M"])]
        #expect(ZeroedDetector.findings(in: zeros, controlPoints: flagged).isEmpty)
    }

    @Test func findingsRoundTripThroughJSON() throws {
        let finding = try #require(FlatLineDetector.findings(in: Self.series(minutes: 0..<61) { _ in 38 }).first)
        #expect(try JSONDecoder().decode(IntegrityFinding.self, from: JSONEncoder().encode(finding)) == finding)
        #expect(FindingKind.allCases.map(\.nameZH) == ["数据恒值", "数据异常", "数据突变", "时间异常", "数据套用", "数据归零"])
    }
}
