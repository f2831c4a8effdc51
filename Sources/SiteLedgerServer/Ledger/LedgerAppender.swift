import Fluent
import SQLKit
import Foundation
import SiteLedgerCore

/// Appends a change's entry to the log inside the change's own transaction, so both are
/// written or neither. The index comes from one counter row: its row lock is held until
/// commit, so concurrent writers on PostgreSQL get dense, unique indexes and commit in index
/// order — a reader never sees index n+1 without n. SQLite has one writer at a time anyway.
struct LedgerAppender: Sendable {
    func append(_ change: ChangeRecord, on database: any Database) async throws -> Evidence {
        let entry = try LedgerEntry(change).encoded()
        let sql = database as! any SQLDatabase
        guard let row = try await sql.raw("UPDATE ledger_sequence SET next_index = next_index + 1 WHERE id = 1 RETURNING next_index").first() else {
            throw LedgerFault("the ledger_sequence row is missing")
        }
        let index = try row.decode(column: "next_index", as: Int64.self) - 1
        try await sql.insert(into: "ledger_entries").columns("idx", "change_id", "entry")
            .values(SQLBind(index), SQLBind(try change.requireID()), SQLBind(entry)).run()
        return Evidence(index: index, leafHash: Merkle.leafHash(entry).base64)
    }
}

/// A broken invariant of the ledger's storage: the log refuses to go on rather than sign
/// something it cannot vouch for.
struct LedgerFault: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
