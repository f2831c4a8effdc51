import Foundation

/// The one value of a window, as every rule and report computes it.
public enum WindowValue {
    /// `values` (the window's valid samples) aggregated; nil for no samples.
    ///
    /// The mean of noise is the equivalent continuous level Leq = 10·log10(mean(10^(L/10)))
    /// (等效连续 A 声级, the level GB 12523-2011 limits): decibels are logarithmic, so a few loud
    /// minutes are not averaged away by quiet ones. Everything else is the arithmetic mean.
    public static func of(_ values: [Double], factor: Factor, aggregate: RuleAggregate) -> Double? {
        guard !values.isEmpty else { return nil }
        switch aggregate {
        case .maximum:
            return values.max()
        case .mean where factor == .noise:
            let energy = values.reduce(0) { $0 + pow(10, $1 / 10) } / Double(values.count)
            return 10 * log10(energy)
        case .mean:
            return values.reduce(0, +) / Double(values.count)
        }
    }
}
