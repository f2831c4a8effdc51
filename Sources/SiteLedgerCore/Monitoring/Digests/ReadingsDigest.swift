import Crypto

/// 数据摘要 — one device's stored readings of one hour, committed to by a SHA-256, so that the
/// evidence log can later prove them untouched (LEDGER.md: high-rate data is logged as one
/// entry per device per period carrying the digest of that period's data).
///
/// The hash is over the hour's readings in (DataTime, CN) order, one line each:
///
///     <DataTime> <CN> <received>[ <field>=<value>]…\n
///
/// times in Unix seconds; the fields are the values as `<code>-Rtd` (real time) or
/// `<code>-Avg`, the data flags other than N as `<code>-Flag`, and the kept extra fields, all
/// sorted by name; a number is written as an integer when it is one, otherwise in its
/// shortest round-trip decimal form. In names and values `%`, space, `=` and line breaks are
/// written `%25`, `%20`, `%3D`, `%0A` and `%0D`, so that no two readings share a line.
public struct ReadingsDigest: Sendable, Equatable {
    public let readings: Int
    /// Lower-case hex.
    public let sha256: String

    public init(_ received: [(reading: Reading, receivedAt: Int)]) {
        var hasher = SHA256()
        let ordered = received.sorted { ($0.reading.time, $0.reading.kind.rawValue) < ($1.reading.time, $1.reading.kind.rawValue) }
        for item in ordered { hasher.update(data: Array(Self.line(item.reading, receivedAt: item.receivedAt).utf8)) }
        self.readings = received.count
        self.sha256 = Hex.encode(Array(hasher.finalize()))
    }

    public init(readings: Int, sha256: String) {
        self.readings = readings
        self.sha256 = sha256
    }

    /// The reading's line in the digested text.
    public static func line(_ reading: Reading, receivedAt: Int) -> String {
        let values = reading.values.map { ("\($0.key.code)-\(reading.kind.valueKind)", number($0.value)) }
        let flags = reading.flags.map { ("\($0.key.code)-Flag", $0.value) }
        let fields = (values + flags + reading.extra.map { ($0.key, $0.value) }).sorted { Array($0.0.utf8).lexicographicallyPrecedes(Array($1.0.utf8)) }
        return (["\(reading.time)", "\(reading.kind.rawValue)", "\(receivedAt)"] + fields.map { "\(escaped($0.0))=\(escaped($0.1))" }).joined(separator: " ") + "\n"
    }

    private static func escaped(_ text: String) -> String {
        guard text.utf8.contains(where: { [0x25, 0x20, 0x3D, 0x0A, 0x0D].contains($0) }) else { return text }
        return text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: " ", with: "%20")
            .replacingOccurrences(of: "=", with: "%3D").replacingOccurrences(of: "\n", with: "%0A").replacingOccurrences(of: "\r", with: "%0D")
    }

    static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 9_007_199_254_740_992 { return "\(Int64(value))" }
        return "\(value)"
    }
}
