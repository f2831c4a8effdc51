/// One upload of a station as the platform keeps it: the station's factors as numbers in the
/// platform's units, their data flags where not N, and whatever else the device sent.
public struct Reading: Sendable, Equatable {
    /// MN.
    public let deviceID: String
    public let kind: DataKind
    /// `DataTime`, seconds since the Unix epoch.
    public let time: Int
    /// The series' value of each factor sent (`Rtd`, or the period's `Avg`), scaled.
    public var values: FactorValues
    /// Data flags other than N: F stopped, M maintenance, S manual, D fault, C calibrating,
    /// T over range, B communication fault. Only N counts as a valid measurement.
    public var flags: [Factor: String]
    /// The other fields, `code-kind` → value as sent: unknown factors, `Min`/`Max`, …
    public var extra: [String: String]

    public init(deviceID: String, kind: DataKind, time: Int, values: FactorValues, flags: [Factor: String] = [:], extra: [String: String] = [:]) {
        self.deviceID = deviceID
        self.kind = kind
        self.time = time
        self.values = values
        self.flags = flags
        self.extra = extra
    }

    /// The factor's value if it counts as a measurement: flagged N (HJ 212-2017 data flags,
    /// DOMAIN.md §1) and physically possible. Rollups, rule windows and charts use only these,
    /// so a station sending PM10 9999 raises an integrity finding, not a dust alarm.
    public func measurement(_ factor: Factor) -> Double? {
        guard let value = values[factor], flags.isEmpty || flags[factor] == nil, factor.isPossible(value) else { return nil }
        return value
    }

    /// `packet`'s data, particulate values multiplied by `particulateScale` (a device that
    /// sends mg/m³ has 1000, µg/m³ 1).
    public init(_ packet: HJ212.Packet, particulateScale: Double = 1) throws(ReadingError) {
        guard let kind = DataKind(rawValue: packet.command.rawValue) else { throw .notData(packet.command) }
        guard let time = packet.dataTime else { throw .missingDataTime }
        self.init(deviceID: packet.deviceID, kind: kind, time: time.secondsSince1970, values: FactorValues())
        var failure: ReadingError?
        packet.fields.forEachField { code, fieldKind, value in
            func text(_ bytes: UnsafeBufferPointer<UInt8>) -> String { String(decoding: bytes, as: UTF8.self) }
            guard failure == nil else { return }
            let factor = Factor(code: code)
            if let factor, fieldKind.spells(kind.valueKind) {
                guard let number = HJ212.number(value), number.isFinite else { return failure = .invalidValue("\(text(code))-\(text(fieldKind))", text(value)) }
                values[factor] = factor.isParticulate ? number * particulateScale : number
            } else if let factor, fieldKind.spells("Flag") {
                if !value.spells("N") { flags[factor] = text(value) }
            } else {
                extra["\(text(code))-\(text(fieldKind))"] = text(value)
            }
        }
        if let failure { throw failure }
    }
}

/// Why a packet carries no reading the platform can keep.
public enum ReadingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The command is not 2011, 2051, 2061 or 2031.
    case notData(HJ212.Command)
    case missingDataTime
    case invalidValue(String, String)

    public var description: String {
        switch self {
        case .notData(let command): "CN=\(command) carries no monitoring data"
        case .missingDataTime: "the upload has no DataTime"
        case .invalidValue(let field, let value): "\(field)=\(value.debugDescription) is not a number"
        }
    }
}
