import Foundation
import Crypto
import SiteLedgerCore

/// An offline check of a receipt (C2SP tlog-proof): the checkpoint's signature, the entry's
/// inclusion under it, and — given the record — that the entry commits to that record.
enum EvidenceCheck {
    struct Outcome: Sendable {
        let checkpoint: Checkpoint
        let index: UInt64
        let entry: LedgerEntry?
    }

    struct RecordMismatch: Error, CustomStringConvertible {
        let logged: String
        let actual: String
        var description: String { "the record's SHA-256 is \(actual), but the entry commits to \(logged)" }
    }

    static func verify(receipt text: String, entry: Data, record: Data?, verifier: NoteVerifier) throws -> Outcome {
        let receipt = try Receipt(parsing: text)
        let checkpoint = try receipt.verify(entry: entry, verifier: verifier)
        let logged = try? LedgerEntry.decode(entry)
        if let record {
            let actual = SHA256.hash(data: record).hexDigits
            guard let logged, logged.record == actual else { throw RecordMismatch(logged: logged?.record ?? "nothing (the entry is not a SiteLedger entry)", actual: actual) }
        }
        return Outcome(checkpoint: checkpoint, index: receipt.index, entry: logged)
    }
}
