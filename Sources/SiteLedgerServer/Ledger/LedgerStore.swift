import Fluent
import SQLKit
import Foundation
import SiteLedgerCore

/// A checkpoint as stored: the signed note is what `/ledger/checkpoint` serves, byte for byte.
struct StoredCheckpoint: Sendable, Equatable {
    let size: UInt64
    let root: Hash
    let note: String
}

/// The ledger's tables, in SQL that SQLite and PostgreSQL both accept.
struct LedgerStore: Sendable {
    enum Engine: Sendable {
        /// One process; writes take the write path's turn.
        case sqlite(WritePath)
        /// Possibly several processes; integration is guarded by an advisory lock.
        case postgres
    }

    let database: any Database
    let engine: Engine

    /// `pg_try_advisory_xact_lock` key: "SLEDGER" in ASCII, so that nothing else picks it by
    /// chance, combined with the schema's hash: advisory locks span the whole database, and the
    /// logs of deployments in other schemas must not wait on this one's integrator.
    private static let integrationLock: Int64 = 0x534C_4544_4745_52

    /// Runs `body` as the only integrator: on PostgreSQL inside a transaction holding the
    /// advisory lock (nil when another process holds it); on SQLite directly.
    func exclusively<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T? {
        switch engine {
        case .sqlite:
            return try await body(database)
        case .postgres:
            return try await database.transaction { tx in
                let row = try await (tx as! any SQLDatabase).raw("SELECT pg_try_advisory_xact_lock(\(bind: Self.integrationLock) # hashtext(current_schema())::bigint) AS locked").first()
                guard try row?.decode(column: "locked", as: Bool.self) == true else { return nil }
                return try await body(tx)
            }
        }
    }

    /// Stores new tiles and the checkpoint they support in one transaction, so that a crash
    /// leaves the previous checkpoint and its tiles intact.
    func commit(tiles: [TileKey: Data], checkpoint: StoredCheckpoint, signedAt: Date, within db: any Database) async throws {
        let save: @Sendable (any Database) async throws -> Void = { db in
            let sql = db as! any SQLDatabase
            for chunk in tiles.sorted(by: { $0.key < $1.key }).chunked(into: 200) {
                var insert = sql.insert(into: "ledger_tiles").columns("level", "idx", "hashes")
                for (key, data) in chunk { insert = insert.values(SQLBind(key.level), SQLBind(Int64(key.index)), SQLBind(data)) }
                try await insert.onConflict(with: ["level", "idx"]) { $0.set(excludedValueOf: "hashes") }.run()
            }
            try await sql.insert(into: "ledger_checkpoints").columns("size", "root", "note", "signed_at")
                .values(SQLBind(Int64(checkpoint.size)), SQLBind(Data(checkpoint.root.bytes)), SQLBind(checkpoint.note), SQLBind(signedAt)).run()
        }
        switch engine {
        case .sqlite(let writePath): try await writePath.serializedTransaction(on: database, save)
        case .postgres: try await save(db)
        }
    }

    func latestCheckpoint(on db: (any Database)? = nil) async throws -> StoredCheckpoint? {
        let rows = try await sql(db).raw("SELECT size, root, note FROM ledger_checkpoints ORDER BY size DESC LIMIT 1").all()
        return try rows.first.map(Self.checkpoint)
    }

    func checkpoint(size: UInt64) async throws -> StoredCheckpoint? {
        let rows = try await sql().raw("SELECT size, root, note FROM ledger_checkpoints WHERE size = \(bind: Int64(size))").all()
        return try rows.first.map(Self.checkpoint)
    }

    /// How many entries are committed: the next index to be handed out.
    func committedSize(on db: (any Database)? = nil) async throws -> UInt64 {
        guard let row = try await sql(db).raw("SELECT next_index FROM ledger_sequence WHERE id = 1").first() else {
            throw LedgerFault("the ledger_sequence row is missing")
        }
        return UInt64(try row.decode(column: "next_index", as: Int64.self))
    }

    /// Entries `range`, in index order.
    func entries(_ range: Range<UInt64>, on db: (any Database)? = nil) async throws -> [(index: UInt64, entry: Data)] {
        let rows = try await sql(db).raw("""
            SELECT idx, entry FROM ledger_entries WHERE idx >= \(bind: Int64(range.lowerBound)) AND idx < \(bind: Int64(range.upperBound)) ORDER BY idx
            """).all()
        return try rows.map { (UInt64(try $0.decode(column: "idx", as: Int64.self)), try $0.decode(column: "entry", as: Data.self)) }
    }

    func entry(at index: UInt64, on db: (any Database)? = nil) async throws -> (entry: Data, changeID: UUID)? {
        let row = try await sql(db).raw("SELECT entry, change_id FROM ledger_entries WHERE idx = \(bind: Int64(index))").first()
        return try row.map { (try $0.decode(column: "entry", as: Data.self), try $0.decode(column: "change_id", as: UUID.self)) }
    }

    func index(of change: UUID) async throws -> UInt64? {
        let row = try await sql().raw("SELECT idx FROM ledger_entries WHERE change_id = \(bind: change)").first()
        return try row.map { UInt64(try $0.decode(column: "idx", as: Int64.self)) }
    }

    func tile(_ key: TileKey, on db: (any Database)? = nil) async throws -> Data? {
        let row = try await sql(db).raw("SELECT hashes FROM ledger_tiles WHERE level = \(bind: key.level) AND idx = \(bind: Int64(key.index))").first()
        return try row?.decode(column: "hashes", as: Data.self)
    }

    private func sql(_ db: (any Database)? = nil) -> any SQLDatabase {
        (db ?? database) as! any SQLDatabase
    }

    private static func checkpoint(_ row: any SQLRow) throws -> StoredCheckpoint {
        let root = try row.decode(column: "root", as: Data.self)
        guard let hash = Hash(bytes: root) else { throw LedgerFault("a stored checkpoint root is not 32 bytes") }
        return StoredCheckpoint(size: UInt64(try row.decode(column: "size", as: Int64.self)), root: hash, note: try row.decode(column: "note", as: String.self))
    }
}

/// A hash tile's place: its level and index (its width is how many hashes it holds).
struct TileKey: Hashable, Sendable, Comparable {
    let level: Int
    let index: UInt64

    static func < (a: TileKey, b: TileKey) -> Bool { (a.level, a.index) < (b.level, b.index) }
}

extension Array {
    func chunked(into size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
