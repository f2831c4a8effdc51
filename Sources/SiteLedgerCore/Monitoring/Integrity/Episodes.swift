/// How the detectors cut readings into series and evidence into episodes.
enum Episodes {
    /// Anomalies less than half an hour apart are one episode: a regulator follows up an
    /// episode, not every minute of it.
    static let maximumGap = 30 * 60

    /// The readings of each device, in the order given, devices in order of first appearance.
    static func byDevice(_ readings: [ObservedReading]) -> [[ObservedReading]] {
        var order: [String] = []
        var series: [String: [ObservedReading]] = [:]
        for reading in readings {
            if series[reading.deviceID] == nil { order.append(reading.deviceID) }
            series[reading.deviceID, default: []].append(reading)
        }
        return order.map { series[$0]! }
    }

    /// `items` cut wherever two neighbours do not belong `together`.
    static func runs<T>(_ items: [T], together: (T, T) -> Bool) -> [[T]] {
        var runs: [[T]] = []
        for item in items {
            if let last = runs.last?.last, together(last, item) {
                runs[runs.count - 1].append(item)
            } else {
                runs.append([item])
            }
        }
        return runs
    }

    /// `items` cut where `time` leaps more than `maximumGap`.
    static func episodes<T>(_ items: [T], time: (T) -> Int) -> [[T]] {
        runs(items) { abs(time($1) - time($0)) <= maximumGap }
    }
}
