import Foundation

/// Any JSON value: payloads that other systems own and SiteLedger keeps verbatim, and records
/// in the canonical form the evidence ledger hashes.
indirect enum JSONValue: Codable, Sendable, Equatable {
    case null
    case bool(Bool)
    /// A whole number that fits in 64 bits, kept exact.
    case integer(Int64)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// `value` as JSON, dates in RFC 3339.
    init(encoding value: some Encodable) throws {
        self = try JSONDecoder().decode(JSONValue.self, from: RFC3339.encoder().encode(value))
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Int64.self) { self = .integer(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode([String: JSONValue].self) { self = .object(value) }
        else { self = .array(try container.decode([JSONValue].self)) }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .integer(let value): try container.encode(value)
        // Negative zero is written as 0, as RFC 8785 has it.
        case .number(let value): try container.encode(value == 0 ? 0 : value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    /// Sorted keys, no insignificant whitespace, slashes unescaped: the same bytes for the
    /// same value.
    func canonicalText() throws -> String {
        try Change.canonicalJSON(self)
    }
}
