/// 数据恒值 — a particulate that reads the same for an hour or more.
public enum FlatLineDetector {
    /// Site air moves by more than a monitor's 0.1 µg/m³ resolution from one minute to the next
    /// (wind, traffic, work on site); an hour of readings that never change is a stuck sensor or
    /// a value typed in. Both the count and the span must be reached, so that neither a burst of
    /// fast readings nor a few readings an hour apart make a flat line.
    public static let minimumReadings = 60
    public static let minimumSpan = 3600
    /// Values that round to the same tenth are the same: devices send one decimal.
    public static let resolution = 0.1

    /// One finding per device, particulate and flat episode. Zero is left to `ZeroedDetector`,
    /// which can tell a dead sensor from clean air by the neighbours.
    public static func findings(in readings: [ObservedReading]) -> [IntegrityFinding] {
        Episodes.byDevice(readings).flatMap { series in
            Factor.allCases.filter(\.isParticulate).flatMap { findings(series, factor: $0) }
        }
    }

    private static func findings(_ series: [ObservedReading], factor: Factor) -> [IntegrityFinding] {
        let samples = series.compactMap { reading in reading.valid(factor).map { (reading: reading, step: ($0 / resolution).rounded()) } }
        return Episodes.runs(samples) { $0.step == $1.step }
            .filter { run in run[0].step != 0 && run.count >= minimumReadings && run.last!.reading.dataTime - run[0].reading.dataTime >= minimumSpan }
            .map { run in
                let (first, last) = (run[0].reading, run.last!.reading)
                let value = run[0].step * resolution, span = last.dataTime - first.dataTime
                return IntegrityFinding(
                    kind: .flatLine, deviceID: first.deviceID, from: first.dataTime, to: last.dataTime, factor: factor,
                    evidence: ["value": FindingText.number(value), "readings": "\(run.count)", "seconds": "\(span)"],
                    explanationZH: "\(FindingText.name(factor)) 连续 \(FindingText.duration(span))恒为 \(FindingText.measure(value, factor))（\(run.count) 次读数），真实空气不会如此平稳"
                )
            }
    }
}
