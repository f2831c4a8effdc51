/// 有效监测值 — a reading as rollups and rule windows use it: its series, its DataTime and
/// each factor's measurement (`Reading.measurement`). Fixed in size, without a reading's
/// flags and extra fields, so that the latest hours of thousands of stations fit in memory.
public struct Sample: Sendable {
    public let kind: DataKind
    public let time: Int
    private let measurements: FactorValues

    public init(_ reading: Reading) {
        kind = reading.kind
        time = reading.time
        var measurements = FactorValues()
        for factor in Factor.allCases { measurements[factor] = reading.measurement(factor) }
        self.measurements = measurements
    }

    public func measurement(_ factor: Factor) -> Double? { measurements[factor] }
}

extension [Sample] {
    /// The samples of the finest series among them: when a device sends several, the finest
    /// one counts (real-time before minute before hour data), so a value is never counted twice.
    public func finestSeries() -> [Sample] {
        guard let finest = map(\.kind).min() else { return [] }
        return filter { $0.kind == finest }
    }
}
