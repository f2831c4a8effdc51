import Fluent
import Foundation
import SiteLedgerCore

/// Who a write is attributed to.
struct Caller: Sendable {
    let principal: Principal
    /// Username or API key name, as the change log shows it.
    let label: String

    static let system = Caller(principal: Principal(organizationID: nil, organizationKind: nil, role: .admin), label: "system")
}

/// The single path every mutation takes: one transaction holding the record and its change
/// log entry, so both are written or neither. The evidence ledger appends its entry here.
struct WritePath: Sendable {
    /// Present on SQLite, which admits one writer at a time.
    let gate: TurnGate<Int>?
    /// Runs once a write has committed, so that read caches drop what it may have changed.
    let afterCommit: @Sendable () -> Void

    func perform<T: Sendable>(
        on database: any Database, by caller: Caller,
        _ body: @escaping @Sendable (Writes) async throws -> T
    ) async throws -> T {
        let transaction: @Sendable () async throws -> T = {
            try await database.transaction { db in
                try await body(Writes(database: db, caller: caller))
            }
        }
        let result = if let gate { try await gate.withTurn(for: 0, transaction) } else { try await transaction() }
        afterCommit()
        return result
    }
}

/// The handle a write body gets: the transaction's database and the change log.
struct Writes: Sendable {
    let database: any Database
    let caller: Caller

    /// Appends `change` to the change log and to the timelines of the buildings it names.
    @discardableResult
    func record(_ change: Change) async throws -> ChangeRecord {
        let now = Date()
        let row = ChangeRecord()
        row.id = UUID()
        row.kind = change.kind
        row.subjectType = change.subjectType
        row.subjectID = change.subjectID
        row.subjectLabel = change.subjectLabel
        row.summary = change.summary
        row.actorUserID = caller.principal.userID
        row.actorAPIKeyID = caller.principal.apiKeyID
        row.actorOrganizationID = caller.principal.organizationID
        row.actorLabel = caller.label
        row.recordedAt = now
        row.occurredAt = change.occurredAt ?? now
        row.record = change.record
        row.recordSHA256 = change.recordDigest
        try await row.create(on: database)
        for building in Set(change.buildings) {
            try await TimelineLink(buildingID: building, change: row).create(on: database)
        }
        return row
    }
}
