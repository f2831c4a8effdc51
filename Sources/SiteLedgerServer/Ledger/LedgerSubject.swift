import Fluent
import Foundation
import SiteLedgerCore

/// What the ledger needs to know about one kind of subject, declared by the feature that
/// owns it: who may read its records, and its current state for `ledger check`.
struct LedgerSubject: Sendable {
    let type: String
    /// The access question for subject `id`'s records; nil when the subject no longer exists.
    let access: @Sendable (UUID, any Database) async throws -> (action: Action, project: ProjectFacts?)?
    /// The subject's row as a record, committed with the salts of its last change; nil when gone.
    let current: @Sendable (UUID, [String: Data], any Database) async throws -> CommittedRecord?
    /// The read caches a committed change to such a subject makes stale.
    var invalidates: Set<CachedRead> = []

    /// A subject whose row is a model with a DTO that is its record.
    static func model<Row: Model, Record: LedgerRecord>(
        _ type: String, _ row: Row.Type, record: @escaping @Sendable (Row, any Database) async throws -> Record,
        access: @escaping @Sendable (Row, any Database) async throws -> (action: Action, project: ProjectFacts?),
        invalidates: Set<CachedRead> = []
    ) -> LedgerSubject where Row.IDValue == UUID {
        LedgerSubject(
            type: type,
            access: { id, db in try await Row.find(id, on: db).asyncMap { try await access($0, db) } },
            current: { id, salts, db in try await Row.find(id, on: db).asyncMap { try CommittedRecord(await record($0, db), salts: salts) } },
            invalidates: invalidates
        )
    }
}
