import Vapor
import Fluent
import SQLKit
import SiteLedgerCore

/// The evidence ledger (存证) of a running SiteLedger: its tables, the read side of the log,
/// the integrator, and what each feature declared about its subjects.
struct Ledger: Sendable {
    let store: LedgerStore
    let log: LedgerLog
    let integrator: LedgerIntegrator
    let subjects: [String: LedgerSubject]
    let receiptWait: Duration

    /// Entry `index` with its leaf hash, and the record it commits to when `principal` may read it.
    func entry(at index: UInt64, for principal: Principal?, on db: any Database) async throws -> LedgerEntryDTO? {
        guard let (entry, changeID) = try await store.entry(at: index), let change = try await ChangeRecord.find(changeID, on: db) else { return nil }
        let integrated = try await log.checkpoint().map { $0.size > index } ?? false
        let readable = try await mayRead(change, principal, on: db)
        return LedgerEntryDTO(
            index: index, leafHash: Merkle.leafHash(entry).base64, entry: String(decoding: entry, as: UTF8.self), integrated: integrated,
            record: readable ? change.record : nil, summary: readable ? change.summary : nil, subjectLabel: readable ? change.subjectLabel : nil
        )
    }

    /// The entries about a subject, by id or label (a project or building code), that `principal` may read; newest first.
    func entries(about subject: String, for principal: Principal, on db: any Database) async throws -> [LedgerEntrySummaryDTO] {
        let query = ChangeRecord.query(on: db).sort(\.$recordedAt, .descending).limit(200)
        if let id = UUID(uuidString: subject) {
            query.filter(\.$subjectID == id)
        } else {
            query.group(.or) { $0.filter(\.$subjectLabel == subject).filter(\.$subjectLabel == subject.uppercased()) }
        }
        var found: [LedgerEntrySummaryDTO] = []
        for change in try await query.all() where try await mayRead(change, principal, on: db) {
            guard let index = try await store.index(of: change.requireID()) else { continue }
            found.append(LedgerEntrySummaryDTO(index: index, kind: change.kind, subjectType: change.subjectType, subjectLabel: change.subjectLabel, summary: change.summary, at: change.recordedAt))
        }
        return found
    }

    /// Whether `principal` may read the record `change` logged: the same rule as the subject itself.
    func mayRead(_ change: ChangeRecord, _ principal: Principal?, on db: any Database) async throws -> Bool {
        guard let principal, let subject = subjects[change.subjectType],
              let question = try await subject.access(change.subjectID, db) else { return false }
        return AccessPolicy.decide(principal, question.action, project: question.project) == .allow
    }
}

struct LedgerEntryDTO: Content {
    let index: UInt64
    let leafHash: String
    /// The entry exactly as logged: its RFC 6962 leaf hash is SHA-256(0x00 ‖ these bytes).
    let entry: String
    /// Whether a signed checkpoint includes it yet.
    let integrated: Bool
    /// The record's canonical form, whose SHA-256 the entry names; for callers who may read it.
    let record: String?
    let summary: String?
    let subjectLabel: String?
}

struct LedgerEntrySummaryDTO: Content {
    let index: UInt64
    let kind: String
    let subjectType: String
    let subjectLabel: String
    let summary: String
    let at: Date
}

struct ConsistencyDTO: Content {
    let from: UInt64
    let to: UInt64
    /// RFC 9162 §2.1.4 consistency proof, base64 hashes.
    let proof: [String]
}
