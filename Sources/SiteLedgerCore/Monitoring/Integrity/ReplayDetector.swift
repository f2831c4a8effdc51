/// 数据套用 — two devices sending the same particulate series: one copies the other's data.
public enum ReplayDetector {
    /// Two monitors side by side still differ in the first decimal most minutes (sensor noise,
    /// their own position in the plume); identical values at half an hour of common minutes,
    /// nearly all of them, are one series sent twice.
    public static let minimumIdenticalTimes = 30
    public static let minimumShare = 0.95
    /// A constant series matches any copy of itself: stuck or zero values are
    /// `FlatLineDetector`'s and `ZeroedDetector`'s, so the identical values must vary.
    public static let minimumDistinctValues = 10

    /// One finding per pair of devices, named in MN order (the data cannot say which copied
    /// which). Readings are identical at a DataTime when all their valid particulates are equal
    /// to 0.1; the share counts DataTimes at which both have valid particulates.
    public static func findings(in readings: [ObservedReading]) -> [IntegrityFinding] {
        let series = Episodes.byDevice(readings).map(Series.init).sorted { $0.deviceID < $1.deviceID }
        return identicalMoments(series).sorted { ($0.key.first, $0.key.second) < ($1.key.first, $1.key.second) }
            .compactMap { pair, moments in finding(series[pair.first], series[pair.second], moments) }
    }

    /// A DataTime and the particulate values, in tenths, sent for it.
    private struct Moment: Hashable {
        let dataTime: Int
        let tenths: [Factor: Double]
    }

    private struct Series {
        let deviceID: String
        /// The first valid particulates sent for each DataTime, in tenths.
        let moments: [Int: [Factor: Double]]

        init(_ readings: [ObservedReading]) {
            deviceID = readings[0].deviceID
            var moments: [Int: [Factor: Double]] = [:]
            for reading in readings where moments[reading.dataTime] == nil {
                let tenths = reading.validParticulates.mapValues { ($0 * 10).rounded() }
                if !tenths.isEmpty { moments[reading.dataTime] = tenths }
            }
            self.moments = moments
        }
    }

    private struct Pair: Hashable {
        let first: Int, second: Int
    }

    /// For each pair of series (by index) that share any, the moments they share.
    private static func identicalMoments(_ series: [Series]) -> [Pair: [Moment]] {
        var holders: [Moment: [Int]] = [:]
        for (index, one) in series.enumerated() {
            for (time, tenths) in one.moments { holders[Moment(dataTime: time, tenths: tenths), default: []].append(index) }
        }
        var shared: [Pair: [Moment]] = [:]
        for (moment, indices) in holders where indices.count > 1 {
            for (position, first) in indices.enumerated() {
                for second in indices[(position + 1)...] { shared[Pair(first: first, second: second), default: []].append(moment) }
            }
        }
        return shared
    }

    private static func finding(_ one: Series, _ other: Series, _ identical: [Moment]) -> IntegrityFinding? {
        guard identical.count >= minimumIdenticalTimes, Set(identical.map(\.tenths)).count >= minimumDistinctValues else { return nil }
        let common = one.moments.keys.filter { other.moments[$0] != nil }.count
        let share = Double(identical.count) / Double(common)
        guard share >= minimumShare else { return nil }
        let times = identical.map(\.dataTime)
        let percent = FindingText.number(share * 100)
        return IntegrityFinding(
            kind: .replay, deviceID: one.deviceID, from: times.min()!, to: times.max()!, otherDeviceID: other.deviceID,
            evidence: ["identicalTimes": "\(identical.count)", "commonTimes": "\(common)", "sharePercent": percent],
            explanationZH: "设备 \(one.deviceID) 与 \(other.deviceID) 在 \(identical.count) 个相同数据时间的颗粒物读数完全一致（占共同时间的 \(percent)%），两台设备不可能测得完全相同的数据，其中一台套用了另一台的数据"
        )
    }
}
