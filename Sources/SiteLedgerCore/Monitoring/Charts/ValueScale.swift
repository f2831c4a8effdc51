import Foundation

/// A chart's value axis: from 0 (or below, for a series that goes negative) to a round number
/// at or above everything drawn, in steps of 1, 2 or 5 × 10ⁿ, which people read at a glance.
struct ValueScale {
    let lower: Double, upper: Double, step: Double

    /// The scale covering `low...high` and 0, with at most about `maxIntervals` steps.
    init(low: Double, high: Double, maxIntervals: Int) {
        let low = min(low, 0), high = max(high, 0)
        let range = high > low ? high - low : 1
        let rough = range / Double(max(maxIntervals, 1))
        let magnitude = pow(10, (log10(rough)).rounded(.down))
        step = [1.0, 2, 5, 10].lazy.map { $0 * magnitude }.first { $0 >= rough * (1 - 1e-9) } ?? 10 * magnitude
        lower = (low / step + 1e-9).rounded(.down) * step
        let top = (high / step - 1e-9).rounded(.up) * step
        upper = top > lower ? top : lower + step
    }

    /// Where the axis is labelled: every step from `lower` to `upper`.
    var ticks: [Double] {
        let count = Int(((upper - lower) / step).rounded())
        return (0...count).map { lower + Double($0) * step }
    }

    /// `value` with as many decimals as the step needs: "150", "0.5".
    func label(_ value: Double) -> String {
        let decimals = max(0, -Int((log10(step) + 1e-9).rounded(.down)))
        return String(format: "%.\(decimals)f", value == 0 ? 0 : value)
    }

    /// How far up the axis `value` is, 0 at `lower` and 1 at `upper`.
    func fraction(_ value: Double) -> Double {
        (value - lower) / (upper - lower)
    }
}
