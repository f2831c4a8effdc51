/// A reading as the integrity detectors see it: what the device said (`dataTime`, values,
/// flags) next to when the platform received it, the one clock the device cannot set.
public struct ObservedReading: Sendable, Equatable {
    /// MN.
    public let deviceID: String
    /// `DataTime`, unix seconds, as the device stamped it.
    public let dataTime: Int
    /// When the platform received it, unix seconds.
    public let receivedAt: Int
    public let values: FactorValues
    /// Data flags; a factor without one, or with N, is a valid measurement.
    public let flags: [Factor: String]

    public init(deviceID: String, dataTime: Int, receivedAt: Int, values: FactorValues, flags: [Factor: String] = [:]) {
        self.deviceID = deviceID
        self.dataTime = dataTime
        self.receivedAt = receivedAt
        self.values = values
        self.flags = flags
    }

    /// `reading` as received at `receivedAt`.
    public init(_ reading: Reading, receivedAt: Int) {
        self.init(deviceID: reading.deviceID, dataTime: reading.time, receivedAt: receivedAt, values: reading.values, flags: reading.flags)
    }

    /// The factor's value if it is a valid measurement (flag N or none): only those count as
    /// evidence (HJ 212-2017 data flags).
    public func valid(_ factor: Factor) -> Double? {
        guard flags[factor].map({ $0 == "N" }) ?? true else { return nil }
        return values[factor]
    }
}

extension ObservedReading {
    /// The valid particulate values (TSP, PM10, PM2.5, PM1.0), the factors dust fraud touches.
    var validParticulates: [Factor: Double] {
        var values: [Factor: Double] = [:]
        for factor in Factor.allCases where factor.isParticulate {
            values[factor] = valid(factor)
        }
        return values
    }
}
