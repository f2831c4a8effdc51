import Fluent
import SQLKit
import Foundation
import NIOConcurrencyHelpers

/// The handle a write body gets: the transaction's database and the change log.
struct Writes: Sendable {
    let database: any Database
    let caller: Caller
    let serials: Serials
    fileprivate let changes: RecordedChanges

    /// Appends `change` to the change log, to the timelines of the buildings it names and to
    /// the evidence ledger. The rows are written when the body has finished, still inside its
    /// transaction: both or neither.
    func record(_ change: Change) {
        changes.append(change, by: caller, at: Date())
    }
}

/// The changes one write recorded, held until its transaction stores them together with those
/// of the writes committing beside it, in a few multi-row statements.
final class RecordedChanges: Sendable {
    struct Item: Sendable {
        let row: ChangeRecord
        let buildings: Set<UUID>
        let salts: [String: Data]
        let entry: Data?
    }

    /// Each change made into its rows on another core while the writer goes on.
    private let items = NIOLockedValueBox<[Task<Item, any Error>]>([])
    private let types = NIOLockedValueBox<Set<String>>([])
    private let logged: Bool

    init(logged: Bool) {
        self.logged = logged
    }

    func writes(by caller: Caller, on database: any Database, serials: Serials) -> Writes {
        Writes(database: database, caller: caller, serials: serials, changes: self)
    }

    fileprivate func append(_ change: Change, by caller: Caller, at now: Date) {
        let logged = self.logged
        let item = Task.detached {
            let record = try change.record()
            let row = ChangeRecord(change, record: record, by: caller, at: now)
            return Item(row: row, buildings: Set(change.buildings), salts: record.salts, entry: logged ? try LedgerEntry(row).encoded() : nil)
        }
        items.withLockedValue { $0.append(item) }
        types.withLockedValue { _ = $0.insert(change.subjectType) }
    }

    func all() async throws -> [Item] {
        var all: [Item] = []
        for item in items.withLockedValue({ $0 }) { all.append(try await item.value) }
        return all
    }

    /// The kinds of subject these changes touched.
    var subjectTypes: Set<String> { types.withLockedValue { $0 } }
}

extension RecordedChanges {
    /// Rows per multi-row insert: well under SQLite's 32,766 and PostgreSQL's 65,535 bound
    /// parameters for the widest row.
    private static let rowsPerStatement = 500

    /// Stores the changes of `writes` in order and answers the evidence of each write's own.
    static func store(_ writes: [RecordedChanges], ledger: LedgerAppender?, on database: any Database) async throws -> [[Evidence]] {
        var perWrite: [[Item]] = []
        for write in writes { perWrite.append(try await write.all()) }
        let items = perWrite.flatMap { $0 }
        guard !items.isEmpty else { return perWrite.map { _ in [] } }
        let sql = database as! any SQLDatabase
        for chunk in items.map(\.row).chunked(into: rowsPerStatement) { try await ChangeRecord.insert(chunk, on: sql) }
        let links = try items.flatMap { item in try item.buildings.map { try TimelineLink(buildingID: $0, change: item.row) } }
        for chunk in links.chunked(into: rowsPerStatement) { try await TimelineLink.insert(chunk, on: sql) }
        try await storeSalts(of: items, on: sql)
        guard let ledger else { return perWrite.map { _ in [] } }
        let entries = try items.compactMap { item in try item.entry.map { (changeID: try item.row.requireID(), entry: $0) } }
        var evidence = try await ledger.append(entries, on: database)[...]
        return perWrite.map { own in
            defer { evidence = evidence.dropFirst(own.count) }
            return Array(evidence.prefix(own.count))
        }
    }

    private static func storeSalts(of items: [Item], on sql: any SQLDatabase) async throws {
        let rows = try items.flatMap { item in
            try item.salts.sorted { $0.key < $1.key }.map { [SQLBind(try item.row.requireID()), SQLBind($0.key), SQLBind($0.value)] as [any SQLExpression] }
        }
        for chunk in rows.chunked(into: rowsPerStatement) {
            try await sql.insert(into: "ledger_salts").columns("change_id", "field", "salt").rows(chunk).run()
        }
    }
}
