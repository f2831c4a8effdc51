import Foundation
import Crypto
import SiteLedgerCore

/// A subject's state as the evidence ledger commits to it: every change records its subject's
/// whole state after the change, so that `ledger check` can compare a row with what was logged.
protocol LedgerRecord: Encodable, Sendable {
    /// Display-only keys derived from other rows or tables (a region's name, a role's label):
    /// left out, so that the record depends on its own row alone.
    static var derivedKeys: Set<String> { get }
    /// 个人信息 — personal information: never logged in clear. Each value is replaced by a
    /// salted commitment; deleting the salt erases it without breaking the log.
    static var personalKeys: Set<String> { get }
}

extension LedgerRecord {
    static var derivedKeys: Set<String> { [] }
    static var personalKeys: Set<String> { [] }
}

/// A record in the canonical form the ledger hashes: sorted keys, no insignificant
/// whitespace, derived keys dropped, personal values replaced by `{"commitment": hex}` where
/// the commitment is SHA-256(salt ‖ the value's canonical JSON).
struct CommittedRecord: Sendable {
    let text: String
    /// Personal key → its 32-byte salt.
    let salts: [String: Data]

    /// Commits with fresh salts, or with `salts` to recompute a logged record; a personal key
    /// whose salt was erased is left out.
    init<Record: LedgerRecord>(_ record: Record, salts given: [String: Data]? = nil) throws {
        guard case .object(var object) = try JSONValue(encoding: record) else {
            preconditionFailure("a ledger record encodes as a JSON object")
        }
        var salts: [String: Data] = [:]
        for key in Record.derivedKeys { object[key] = nil }
        for key in Record.personalKeys {
            guard let value = object[key] else { continue }
            let salt = given.map { $0[key] } ?? Self.freshSalt()
            object[key] = try salt.map { .object(["commitment": .string(try Self.commitment(salt: $0, value: value))]) }
            salts[key] = salt
        }
        self.text = try JSONValue.object(object).canonicalText()
        self.salts = salts
    }

    var sha256: String { SHA256.hash(data: Data(text.utf8)).hexDigits }

    static func commitment(salt: Data, value: JSONValue) throws -> String {
        var hasher = SHA256()
        hasher.update(data: salt)
        hasher.update(data: Data(try value.canonicalText().utf8))
        return hasher.finalize().hexDigits
    }

    private static func freshSalt() -> Data {
        SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
    }
}

extension Sequence where Element == UInt8 {
    var hexDigits: String { Hex.encode(Array(self)) }
}
