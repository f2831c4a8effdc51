/// 国控点 as the simulator plays it: the air of an area of simulated stations, without any
/// site's work, published as hourly means — PM10, and PM2.5 at the stations' ratio.
public struct SimulatedControlPoint: Sendable {
    public let station: ControlStation
    /// The area whose stations breathe this air (`SimulatedStation.area`).
    public let area: UInt64
    private let seed: UInt64

    public init(_ station: ControlStation, area: UInt64 = 0) {
        self.station = station
        self.area = area
        seed = Noise.hash(station.code)
    }

    /// What the station publishes for the hour starting at `hour` (unix seconds, on the hour):
    /// the mean of twelve five-minute samples, within ±5 % of the area's air as each station
    /// stands a little apart, to a tenth as published.
    public func reading(forHourStartingAt hour: Int) -> ControlReading {
        let samples = stride(from: hour, to: hour + 3600, by: 300).map { SimulatedStation.ambientPM10(area: area, at: $0) }
        let pm10 = samples.reduce(0, +) / Double(samples.count) * (0.95 + 0.1 * Noise.unit(seed, UInt64(hour / 3600), 3))
        return ControlReading(station: station.code, hour: hour, pm10: Self.tenths(pm10), pm25: Self.tenths(pm10 * SimulatedStation.pm25PerPM10))
    }

    private static func tenths(_ value: Double) -> Double {
        (value * 10).rounded() / 10
    }
}
