import SiteLedgerCore
import Testing

@Suite("M4 downsampling")
struct DownsamplingTests {
    /// 30 days of one-minute PM10 from 2026-11-01 Beijing midnight: a daily swing, noise from a
    /// fixed generator, one 900 µg/m³ spike and one dip to 3.
    static let month: [ChartPoint] = {
        var state: UInt64 = 42
        return (0..<43_200).map { minute in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let noise = Double(state >> 40) / Double(1 << 24) * 20
            let daily = 60 + 30 * Double((minute % 1440) - 720).magnitude / 720
            let value = minute == 12_345 ? 900 : minute == 30_001 ? 3 : daily + noise
            return ChartPoint(time: 1_793_462_400 + minute * 60, value: value)
        }
    }()

    @Test func emptyAndSinglePointSeriesComeBackAsTheyAre() {
        let one = [ChartPoint(time: 10, value: 1)]
        #expect(Downsampling.minMax([], into: 10).isEmpty)
        #expect(Downsampling.minMax(one, into: 10) == one)
        #expect(Downsampling.minMax(one, into: 0) == one)
    }

    @Test func aSeriesThatFitsIsNotThinned() {
        let points = Array(Self.month.prefix(40))
        #expect(Downsampling.minMax(points, into: 10) == points)
    }

    @Test(arguments: [1, 7, 720, 5000])
    func aMonthOfMinutesKeepsItsEndsAndExtremesInOrder(buckets: Int) throws {
        let kept = Downsampling.minMax(Self.month, into: buckets)
        #expect(kept.count <= 4 * buckets)
        #expect(kept.first == Self.month.first && kept.last == Self.month.last)
        #expect(kept.contains(ChartPoint(time: 1_793_462_400 + 12_345 * 60, value: 900)), "the alarm's peak survives")
        #expect(kept.contains(ChartPoint(time: 1_793_462_400 + 30_001 * 60, value: 3)))
        #expect(zip(kept, kept.dropFirst()).allSatisfy { $0.time < $1.time }, "in time order, none twice")
        #expect(Set(kept).isSubset(of: Set(Self.month)), "points are kept, never made up")
    }

    @Test func everyBucketKeepsItsOwnExtremes() {
        // 8 points into 2 buckets of 4: each bucket's first, min, max and last.
        let values: [Double] = [5, 9, 1, 4, 4, 0, 7, 6]
        let points = values.enumerated().map { ChartPoint(time: $0.offset * 10, value: $0.element) }
        let kept = Downsampling.minMax(points + [ChartPoint(time: 80, value: 2)], into: 2)
        #expect(kept.map(\.value) == [5, 9, 1, 4, 4, 0, 7, 2])
    }

    @Test func pointsAllAtOneInstantKeepTheirExtremes() {
        let points = [3.0, 8, 1, 5, 2, 6].map { ChartPoint(time: 100, value: $0) }
        let kept = Downsampling.minMax(points, into: 1)
        #expect(kept.map(\.value) == [3, 8, 1, 6])
    }
}
