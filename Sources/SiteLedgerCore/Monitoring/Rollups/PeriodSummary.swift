/// 小时值 / 日均值 — what a device measured over an hour or a day: for each factor the
/// number of valid values and their mean, minimum and maximum.
public struct PeriodSummary: Sendable, Equatable {
    /// Readings the period received, valid or not: what completeness counts.
    public var readings: Int
    public var factors: [Factor: FactorSummary]

    public init(readings: Int, factors: [Factor: FactorSummary]) {
        self.readings = readings
        self.factors = factors
    }

    /// The factors periods are summarized for: those rules, charts and comparisons use.
    public static let factors: [Factor] = [.tsp, .pm10, .pm25, .pm1, .noise]

    /// The hour of a device's samples, in time order: the finest series counts
    /// (`finestSeries`), and only measurements, so a value flagged other than N or physically
    /// impossible is left out.
    public static func hour(of samples: [Sample]) -> PeriodSummary {
        let series = samples.finestSeries()
        let factors = Self.factors.reduce(into: [Factor: FactorSummary]()) { summaries, factor in
            summaries[factor] = FactorSummary(series.compactMap { $0.measurement(factor) }, of: factor)
        }
        return PeriodSummary(readings: series.count, factors: factors)
    }

    /// The day of a device's hours. GB 3095-2012 §8 defines the 24-hour mean as the mean of
    /// the hourly means, valid only with at least 20 of them; `FactorSummary.count` is then
    /// the number of hours, for rules to judge.
    public static func day(of hours: [PeriodSummary]) -> PeriodSummary {
        let factors = Self.factors.reduce(into: [Factor: FactorSummary]()) { summaries, factor in
            let hourly = hours.compactMap { $0.factors[factor] }
            guard let mean = FactorSummary(hourly.map(\.mean), of: factor) else { return }
            summaries[factor] = FactorSummary(
                count: hourly.count, mean: mean.mean,
                minimum: hourly.map(\.minimum).min()!, maximum: hourly.map(\.maximum).max()!
            )
        }
        return PeriodSummary(readings: hours.map(\.readings).reduce(0, +), factors: factors)
    }
}

/// One factor over a period.
public struct FactorSummary: Sendable, Equatable {
    public let count: Int
    public let mean: Double
    public let minimum: Double
    public let maximum: Double

    public init(count: Int, mean: Double, minimum: Double, maximum: Double) {
        self.count = count
        self.mean = mean
        self.minimum = minimum
        self.maximum = maximum
    }

    /// nil for no values; noise's mean is its Leq (`WindowValue`).
    public init?(_ values: [Double], of factor: Factor) {
        guard let mean = WindowValue.of(values, factor: factor, aggregate: .mean) else { return nil }
        self.init(count: values.count, mean: mean, minimum: values.min()!, maximum: values.max()!)
    }
}

/// The periods readings are summarized over, on the Beijing clock (UTC+8) the devices stamp
/// their DataTime in: a local day runs from 00:00 to 24:00 Beijing time.
public enum SummarySpan: Int, Sendable, CaseIterable {
    case hour = 3600
    case day = 86_400

    public var seconds: Int { rawValue }

    /// The start (unix seconds) of the period holding `time`.
    public func start(of time: Int) -> Int {
        time - BeijingClock.secondsInto(seconds, at: time)
    }
}
