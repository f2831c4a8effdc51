/// 有效监测值 — a reading as rollups and rule windows use it: its series, its DataTime and
/// each factor's measurement (`Reading.measurement`). Fixed in size, without a reading's
/// dictionaries, so that the latest hours of thousands of stations fit in memory.
public struct Sample: Sendable {
    public let kind: DataKind
    public let time: Int
    /// By `Factor.ordinal`; NaN where the factor has no measurement, which `Reading` never
    /// holds (its values are finite).
    private var measurements = InlineArray<10, Double>(repeating: .nan)

    public init(_ reading: Reading) {
        kind = reading.kind
        time = reading.time
        for factor in Factor.allCases {
            if let value = reading.measurement(factor) { measurements[factor.ordinal] = value }
        }
    }

    public func measurement(_ factor: Factor) -> Double? {
        let value = measurements[factor.ordinal]
        return value.isNaN ? nil : value
    }
}

extension [Sample] {
    /// The samples of the finest series among them: when a device sends several, the finest
    /// one counts (real-time before minute before hour data), so a value is never counted twice.
    public func finestSeries() -> [Sample] {
        guard let finest = map(\.kind).min() else { return [] }
        return filter { $0.kind == finest }
    }
}
