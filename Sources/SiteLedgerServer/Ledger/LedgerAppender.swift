import Fluent
import SQLKit
import Foundation
import SiteLedgerCore

/// Appends the entries of a transaction's changes to the log inside that transaction, so
/// both are written or neither. Indexes come from one counter row: its row lock is held until
/// commit, so concurrent writers on PostgreSQL get dense, unique indexes and commit in index
/// order — a reader never sees index n+1 without n. SQLite has one writer at a time anyway.
struct LedgerAppender: Sendable {
    func append(_ entries: [(changeID: UUID, entry: Data)], on database: any Database) async throws -> [Evidence] {
        guard !entries.isEmpty else { return [] }
        let sql = database as! any SQLDatabase
        guard let row = try await sql.raw("UPDATE ledger_sequence SET next_index = next_index + \(bind: Int64(entries.count)) WHERE id = 1 RETURNING next_index").first() else {
            throw LedgerFault("the ledger_sequence row is missing")
        }
        let first = try row.decode(column: "next_index", as: Int64.self) - Int64(entries.count)
        let indexed = entries.enumerated().map { (index: first + Int64($0.offset), $0.element) }
        for chunk in indexed.chunked(into: 1_000) {
            try await sql.insert(into: "ledger_entries").columns("idx", "change_id", "entry")
                .rows(chunk.map { [SQLBind($0.index), SQLBind($0.1.changeID), SQLBind($0.1.entry)] as [any SQLExpression] }).run()
        }
        return indexed.map { Evidence(index: $0.index, leafHash: Merkle.leafHash($0.1.entry).base64) }
    }
}

/// A broken invariant of the ledger's storage: the log refuses to go on rather than sign
/// something it cannot vouch for.
struct LedgerFault: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
