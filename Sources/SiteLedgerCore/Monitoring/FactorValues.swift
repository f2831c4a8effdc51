/// A number for each factor a reading has, in a fixed slot per factor: a reading's values
/// are built, stored and read on every upload, and as a dictionary each access hashed its key.
/// Reads like a dictionary of factors, iterated in `Factor.allCases` order.
public struct FactorValues: Sendable, Equatable, ExpressibleByDictionaryLiteral, Sequence {
    /// By `Factor.ordinal`; NaN where the factor has no value, which no value is: the
    /// platform keeps finite numbers only (`Reading(_:particulateScale:)`).
    private var slots = InlineArray<10, Double>(repeating: .nan)

    public init() {}

    public init(dictionaryLiteral elements: (Factor, Double)...) {
        for (factor, value) in elements { self[factor] = value }
    }

    public subscript(factor: Factor) -> Double? {
        get {
            let value = slots[factor.ordinal]
            return value.isNaN ? nil : value
        }
        set { slots[factor.ordinal] = newValue ?? .nan }
    }

    public func makeIterator() -> some IteratorProtocol<(key: Factor, value: Double)> {
        Factor.allCases.lazy.compactMap { factor in self[factor].map { (factor, $0) } }.makeIterator()
    }

    public static func == (lhs: FactorValues, rhs: FactorValues) -> Bool {
        Factor.allCases.allSatisfy { lhs[$0] == rhs[$0] }
    }
}
