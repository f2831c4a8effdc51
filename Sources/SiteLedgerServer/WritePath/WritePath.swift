import Fluent
import SQLKit
import Foundation
import NIOConcurrencyHelpers
import SiteLedgerCore

/// Who a write is attributed to.
struct Caller: Sendable {
    let principal: Principal
    /// Username or API key name, as the change log shows it.
    let label: String

    static let system = Caller(principal: Principal(organizationID: nil, organizationKind: nil, role: .admin), label: "system")
}

/// The single path every mutation takes: one transaction holding the record, its change log
/// row and its evidence ledger entry, so all are written or none.
struct WritePath: Sendable {
    /// Present on SQLite, which admits one writer at a time.
    let gate: TurnGate<Int>?
    /// Absent only when an operator turned the ledger off to measure what it costs.
    let ledger: LedgerAppender?
    /// Runs once a write has committed, so that read caches drop what it may have changed.
    let afterCommit: @Sendable () -> Void

    func perform<T: Sendable>(
        on database: any Database, by caller: Caller,
        _ body: @escaping @Sendable (Writes) async throws -> T
    ) async throws -> T {
        try await performWithEvidence(on: database, by: caller, body).value
    }

    /// Also answers where the write's changes sit in the log.
    func performWithEvidence<T: Sendable>(
        on database: any Database, by caller: Caller,
        _ body: @escaping @Sendable (Writes) async throws -> T
    ) async throws -> (value: T, evidence: [Evidence]) {
        let evidence = NIOLockedValueBox<[Evidence]>([])
        let ledger = self.ledger
        let transaction: @Sendable () async throws -> T = {
            try await database.transaction { db in
                try await body(Writes(database: db, caller: caller, ledger: ledger, evidence: evidence))
            }
        }
        let result = try await serialized(transaction)
        afterCommit()
        return (result, evidence.withLockedValue { $0 })
    }

    /// Runs `body` as this database's only writer when it admits one at a time.
    func serialized<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        if let gate { try await gate.withTurn(for: 0, body) } else { try await body() }
    }
}

/// The handle a write body gets: the transaction's database and the change log.
struct Writes: Sendable {
    let database: any Database
    let caller: Caller
    fileprivate let ledger: LedgerAppender?
    fileprivate let evidence: NIOLockedValueBox<[Evidence]>

    /// Appends `change` to the change log, to the timelines of the buildings it names and to
    /// the evidence ledger.
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
        row.record = change.record.text
        row.recordSHA256 = change.record.sha256
        try await row.create(on: database)
        for building in Set(change.buildings) {
            try await TimelineLink(buildingID: building, change: row).create(on: database)
        }
        try await saveSalts(change.record.salts, of: row)
        if let ledger {
            let appended = try await ledger.append(row, on: database)
            evidence.withLockedValue { $0.append(appended) }
        }
        return row
    }

    private func saveSalts(_ salts: [String: Data], of row: ChangeRecord) async throws {
        guard !salts.isEmpty else { return }
        let id = try row.requireID()
        var insert = (database as! any SQLDatabase).insert(into: "ledger_salts").columns("change_id", "field", "salt")
        for (field, salt) in salts.sorted(by: { $0.key < $1.key }) {
            insert = insert.values(SQLBind(id), SQLBind(field), SQLBind(salt))
        }
        try await insert.run()
    }
}
