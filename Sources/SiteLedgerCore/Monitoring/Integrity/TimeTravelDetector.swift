/// 时间异常 — a device whose DataTime cannot be the time it measured: far ahead of the arrival,
/// far behind it, or running backwards.
public enum TimeTravelDetector {
    /// A device clock set by the platform (CN 1012) drifts by seconds a day; ten minutes ahead
    /// is a clock set wrong, or data stamped for a time yet to come.
    public static let maximumAhead = 600
    /// Devices store readings through an outage and resend them (补传): two hours covers a
    /// routine outage; older DataTimes on live data are a wrong clock or old data resent.
    public static let maximumBehind = 7200

    /// One finding per device and episode; its `from`/`to` are arrival times. A DataTime runs
    /// backwards when it is earlier than the previous arrival's by more than the device's
    /// interval (the median gap between its arrivals).
    public static func findings(in readings: [ObservedReading]) -> [IntegrityFinding] {
        Episodes.byDevice(readings).flatMap(deviceFindings)
    }

    private struct Anomaly {
        let reading: ObservedReading
        let backwards: Bool
        var offset: Int { reading.dataTime - reading.receivedAt }
    }

    private static func deviceFindings(_ series: [ObservedReading]) -> [IntegrityFinding] {
        let interval = medianGap(series)
        let anomalies = series.indices.compactMap { index -> Anomaly? in
            let reading = series[index]
            let anomaly = Anomaly(reading: reading, backwards: index > 0 && reading.dataTime < series[index - 1].dataTime - interval)
            return anomaly.offset > maximumAhead || -anomaly.offset > maximumBehind || anomaly.backwards ? anomaly : nil
        }
        return Episodes.episodes(anomalies) { $0.reading.receivedAt }.map { finding($0, interval: interval) }
    }

    private static func finding(_ episode: [Anomaly], interval: Int) -> IntegrityFinding {
        let ahead = episode.map(\.offset).filter { $0 > maximumAhead }.max()
        let behind = episode.map { -$0.offset }.filter { $0 > maximumBehind }.max()
        let backwards = episode.filter(\.backwards).count
        var evidence = ["readings": "\(episode.count)", "intervalSeconds": "\(interval)", "backwardSteps": "\(backwards)"]
        var facts: [String] = []
        if let ahead {
            evidence["maximumAheadSeconds"] = "\(ahead)"
            facts.append("数据时间最多超前到达时间 \(FindingText.duration(ahead))")
        }
        if let behind {
            evidence["maximumBehindSeconds"] = "\(behind)"
            facts.append("数据时间最多落后到达时间 \(FindingText.duration(behind))")
        }
        if backwards > 0 { facts.append("数据时间倒退 \(backwards) 次") }
        return IntegrityFinding(
            kind: .timeTravel, deviceID: episode[0].reading.deviceID, from: episode[0].reading.receivedAt, to: episode.last!.reading.receivedAt,
            evidence: evidence,
            explanationZH: facts.joined(separator: "，") + "（共 \(episode.count) 次读数），设备时钟不可信，所报数据时间不是真实监测时间"
        )
    }

    /// The device's reporting interval: the median gap between arrivals, at least a second.
    private static func medianGap(_ series: [ObservedReading]) -> Int {
        let gaps = zip(series, series.dropFirst()).map { $1.receivedAt - $0.receivedAt }.filter { $0 > 0 }.sorted()
        return gaps.isEmpty ? 1 : max(1, gaps[gaps.count / 2])
    }
}
