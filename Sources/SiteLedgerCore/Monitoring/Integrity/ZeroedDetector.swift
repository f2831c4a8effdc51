/// 数据归零 — a station whose particulates read exactly zero while the air around it is dusty.
public enum ZeroedDetector {
    /// Half an hour of minute readings at exactly zero: a sensor does not read a clean 0.0 for
    /// that long in outdoor air, where even clean air carries a few µg/m³.
    public static let minimumReadings = 30
    /// The neighbours' mean PM10 above which zero cannot be the local air: 20 µg/m³ is below
    /// even GB 3095-2012's class I limits (PM10 annual 40, 24 h 50), yet air that holds it
    /// cannot leave a site, never cleaner than its area, at zero.
    public static let minimumNeighbourPM10 = 20.0

    /// One finding per device and episode of zeros. Each device's neighbours are the other
    /// devices in `readings` and the control points (国控点), whose readings are hourly means
    /// with `dataTime` the hour's start. The neighbours' mean is the mean of each station's own
    /// mean PM10 over the episode, so minute and hourly stations weigh the same; no neighbour
    /// data over the episode, no finding.
    public static func findings(in readings: [ObservedReading], controlPoints: [ObservedReading] = []) -> [IntegrityFinding] {
        let all = Episodes.byDevice(readings), hourly = Episodes.byDevice(controlPoints)
        return all.flatMap { series in
            let neighbours = all.filter { $0[0].deviceID != series[0].deviceID }
            let measured = series.filter { !$0.validParticulates.isEmpty }
            return Episodes.runs(measured) { isZero($0) == isZero($1) }
                .filter { isZero($0[0]) && $0.count >= minimumReadings }
                .compactMap { finding($0, neighbours: neighbours, controlPoints: hourly) }
        }
    }

    private static func isZero(_ reading: ObservedReading) -> Bool {
        reading.validParticulates.values.allSatisfy { $0 == 0 }
    }

    private static func finding(_ run: [ObservedReading], neighbours: [[ObservedReading]], controlPoints: [[ObservedReading]]) -> IntegrityFinding? {
        let (from, to) = (run[0].dataTime, run.last!.dataTime)
        let stationMeans = neighbours.compactMap { mean($0) { (from...to).contains($0.dataTime) } }
            + controlPoints.compactMap { mean($0) { $0.dataTime <= to && $0.dataTime + RuleWindow.hour.seconds > from } }
        guard let surrounding = WindowValue.of(stationMeans, factor: .pm10, aggregate: .mean), surrounding >= minimumNeighbourPM10 else { return nil }
        return IntegrityFinding(
            kind: .zeroed, deviceID: run[0].deviceID, from: from, to: to, factor: .pm10,
            evidence: ["readings": "\(run.count)", "neighbourMeanPM10": FindingText.number(surrounding), "neighbourStations": "\(stationMeans.count)"],
            explanationZH: "颗粒物连续 \(run.count) 次读数恰为 0（\(FindingText.duration(to - from))），而周边 \(stationMeans.count) 个站点同期 PM10 均值为 \(FindingText.measure(surrounding, .pm10))，设备读数被归零"
        )
    }

    /// The station's mean valid PM10 over the readings `during` the episode.
    private static func mean(_ station: [ObservedReading], during: (ObservedReading) -> Bool) -> Double? {
        WindowValue.of(station.filter(during).compactMap { $0.valid(.pm10) }, factor: .pm10, aggregate: .mean)
    }
}
