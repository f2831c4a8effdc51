/// 数据突变 — PM10 changing faster than air does.
public enum JumpDetector {
    /// Dust from a truck or a cut passing the station lifts a minute's PM10 by tens, at most a
    /// couple of hundred µg/m³, and it settles over minutes; 500 within two minutes is a sensor
    /// fault or an edited value.
    public static let maximumChange = 500.0
    public static let maximumInterval = 120

    /// One finding per device and episode of jumps between consecutive valid, physically
    /// possible PM10 readings (an impossible value is `ImpossibleValueDetector`'s, not a jump).
    public static func findings(in readings: [ObservedReading]) -> [IntegrityFinding] {
        Episodes.byDevice(readings).flatMap(deviceFindings)
    }

    private static func deviceFindings(_ series: [ObservedReading]) -> [IntegrityFinding] {
        let samples = series.compactMap { reading in
            reading.valid(.pm10).flatMap { Factor.pm10.isPossible($0) ? (time: reading.dataTime, value: $0, deviceID: reading.deviceID) : nil }
        }
        let jumps = zip(samples, samples.dropFirst()).filter { before, after in
            abs(after.time - before.time) <= maximumInterval && abs(after.value - before.value) > maximumChange
        }
        return Episodes.episodes(jumps) { $0.1.time }.map { episode in
            let (before, after) = episode.max { abs($0.1.value - $0.0.value) < abs($1.1.value - $1.0.value) }!
            return IntegrityFinding(
                kind: .jump, deviceID: before.deviceID, from: episode[0].0.time, to: episode.last!.1.time, factor: .pm10,
                evidence: ["jumps": "\(episode.count)", "before": FindingText.number(before.value), "after": FindingText.number(after.value),
                           "seconds": "\(abs(after.time - before.time))"],
                explanationZH: "PM10 在 \(FindingText.duration(after.time - before.time))内从 \(FindingText.measure(before.value, .pm10)) 变为 \(FindingText.measure(after.value, .pm10))（共 \(episode.count) 次突变），真实空气不会变化得如此之快"
            )
        }
    }
}
