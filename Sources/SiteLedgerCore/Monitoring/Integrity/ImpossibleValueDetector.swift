/// 数据异常 — values no air and no working sensor can have.
public enum ImpossibleValueDetector {
    /// PM2.5 is part of PM10 by definition, so it cannot be more; 5 % allows for the two
    /// channels' measurement error.
    public static let fineToCoarseTolerance = 1.05

    /// One finding per device, factor and episode of impossible values, and one per episode of
    /// PM2.5 above PM10.
    public static func findings(in readings: [ObservedReading]) -> [IntegrityFinding] {
        Episodes.byDevice(readings).flatMap { series in
            Factor.allCases.compactMap { factor in factor.physicalRange.map { outOfRange(series, factor: factor, range: $0) } }.flatMap { $0 } + fineAboveCoarse(series)
        }
    }

    private static func outOfRange(_ series: [ObservedReading], factor: Factor, range: ClosedRange<Double>) -> [IntegrityFinding] {
        let outliers = series.compactMap { reading in reading.valid(factor).flatMap { range.contains($0) ? nil : (reading: reading, value: $0) } }
        return Episodes.episodes(outliers) { $0.reading.dataTime }.map { episode in
            let worst = episode.max { distance($0.value, from: range) < distance($1.value, from: range) }!.value
            let bounds = "\(FindingText.number(range.lowerBound))–\(FindingText.measure(range.upperBound, factor))"
            return IntegrityFinding(
                kind: .impossibleValue, deviceID: episode[0].reading.deviceID, from: episode[0].reading.dataTime,
                to: episode.last!.reading.dataTime, factor: factor,
                evidence: ["readings": "\(episode.count)", "worst": FindingText.number(worst), "range": bounds],
                explanationZH: "\(FindingText.name(factor)) 有 \(episode.count) 次读数超出物理可能范围（\(bounds)），如 \(FindingText.measure(worst, factor))，真实环境和正常仪器都不会出现"
            )
        }
    }

    private static func fineAboveCoarse(_ series: [ObservedReading]) -> [IntegrityFinding] {
        let excesses = series.compactMap { reading -> (reading: ObservedReading, ratio: Double)? in
            guard let fine = reading.valid(.pm25), let coarse = reading.valid(.pm10), Factor.pm25.isPossible(fine), Factor.pm10.isPossible(coarse),
                  fine > coarse * fineToCoarseTolerance
            else { return nil }
            return (reading, coarse > 0 ? fine / coarse : .infinity)
        }
        return Episodes.episodes(excesses) { $0.reading.dataTime }.map { episode in
            let ratio = episode.map(\.ratio).max()!
            return IntegrityFinding(
                kind: .impossibleValue, deviceID: episode[0].reading.deviceID, from: episode[0].reading.dataTime,
                to: episode.last!.reading.dataTime, factor: .pm25,
                evidence: ["readings": "\(episode.count)", "largestRatioToPM10": FindingText.number(ratio)],
                explanationZH: "PM2.5 有 \(episode.count) 次读数高于 PM10（最高为 PM10 的 \(FindingText.number(ratio)) 倍），PM2.5 是 PM10 的一部分，不可能比它多"
            )
        }
    }

    private static func distance(_ value: Double, from range: ClosedRange<Double>) -> Double {
        max(range.lowerBound - value, value - range.upperBound)
    }
}
