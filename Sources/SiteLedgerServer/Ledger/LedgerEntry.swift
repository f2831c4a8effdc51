import Foundation
import Vapor
import SiteLedgerCore

/// One entry of the log (LEDGER.md, "What SiteLedger puts in the log"): canonical JSON of what
/// happened to which subject, by whom and when, committing to the record by its SHA-256. Ids
/// are random pseudonyms; names and other personal data stay in the record, as commitments.
struct LedgerEntry: Codable, Sendable, Equatable {
    struct Subject: Codable, Sendable, Equatable {
        let type: String
        let id: UUID
    }

    /// Who: the user or API key and its organization; all absent for the platform itself.
    struct Actor: Codable, Sendable, Equatable {
        let organization: UUID?
        let user: UUID?
        let apiKey: UUID?
    }

    let kind: String
    let subject: Subject
    let actor: Actor
    /// When the platform accepted the change.
    let at: Date
    /// SHA-256 (hex) of the record's canonical form, as `sha256sum` prints it.
    let record: String

    init(_ change: ChangeRecord) {
        kind = change.kind
        subject = Subject(type: change.subjectType, id: change.subjectID)
        actor = Actor(organization: change.actorOrganizationID, user: change.actorUserID, apiKey: change.actorAPIKeyID)
        at = change.recordedAt
        record = change.recordSHA256
    }

    static func decode(_ bytes: some Collection<UInt8>) throws -> LedgerEntry {
        try RFC3339.decoder().decode(LedgerEntry.self, from: Data(bytes))
    }

    /// Sorted keys and no whitespace; C2SP tlog-tiles bundles cap an entry at 65,535 bytes.
    func encoded() throws -> Data {
        let data = Data(try Change.canonicalJSON(self).utf8)
        guard data.count <= EntryBundle.maxEntrySize else { throw APIError.invalid("record", code: "entry_too_large", en: "the ledger entry exceeds 65,535 bytes", zh: "存证条目超过 65535 字节") }
        return data
    }
}

/// What every write response carries: where its change sits in the log.
struct Evidence: Content, Equatable {
    let index: Int64
    /// RFC 6962 leaf hash of the entry, base64 as in C2SP formats.
    let leafHash: String
}
