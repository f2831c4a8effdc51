import Fluent
import SQLKit
import FluentSQLiteDriver
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
/// rows and its evidence ledger entries, so all are written or none.
struct WritePath: Sendable {
    /// SQLite's single writer, present on SQLite only: PostgreSQL runs writes concurrently.
    let queue: GroupCommit<QueuedWrite>?
    /// Bulk inserts' own connection, on SQLite only.
    let bulkWriter: SQLiteBulkWriter?
    /// Absent only when an operator turned the ledger off to measure what it costs.
    let ledger: LedgerAppender?
    /// Runs once writes have committed, with the subject types each of them changed, so that
    /// read caches drop what may be stale.
    let afterCommit: @Sendable ([Set<String>]) -> Void

    /// At most this many writes share a transaction: enough to amortize it under load, few
    /// enough that the first of them does not wait long for the last.
    static let maxGroup = 128

    /// `sqlite` is the database to commit groups through on SQLite, `bulkWriter` the connection
    /// to insert in bulk through; both nil on PostgreSQL.
    init(sqlite: (any Database)?, bulkWriter: SQLiteBulkWriter?, ledger: LedgerAppender?, afterCommit: @escaping @Sendable ([Set<String>]) -> Void) {
        self.ledger = ledger
        self.afterCommit = afterCommit
        self.bulkWriter = bulkWriter
        queue = sqlite.map { database in
            GroupCommit(maxGroup: Self.maxGroup) { group in
                await Self.commit(group, on: database, ledger: ledger, onSQLite: true, afterCommit: afterCommit)
            }
        }
    }

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
        let logged = ledger != nil
        func queued(settle: @escaping @Sendable (Result<(value: T, evidence: [Evidence]), any Error>) -> Void) -> QueuedWrite {
            QueuedWrite(run: { db, serials in
                let changes = RecordedChanges(logged: logged)
                let value = try await body(changes.writes(by: caller, on: db, serials: serials))
                return (changes, { settle(.success((value, $0))) })
            }, fail: { settle(.failure($0)) })
        }
        if let queue {
            return try await queue.submit { continuation in queued { continuation.resume(with: $0) } }
        }
        let outcome = NIOLockedValueBox<Result<(value: T, evidence: [Evidence]), any Error>?>(nil)
        await Self.commit([queued { result in outcome.withLockedValue { $0 = result } }], on: database, ledger: ledger, onSQLite: false, afterCommit: afterCommit)
        return try outcome.withLockedValue { $0! }.get()
    }

    /// Runs `body` as this database's only writer when it admits one at a time.
    func serialized<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        if let queue { try await queue.exclusively(body) } else { try await body() }
    }

    /// Runs `body` in a transaction of its own, taking the writer's turn on SQLite: for writes
    /// that log no changes (ledger tiles).
    func serializedTransaction<T: Sendable>(on database: any Database, _ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        try await serialized { try await database.transaction(body) }
    }

    /// Runs `statements` in one SQLite transaction on the bulk writer's connection, in the
    /// writer's turn: for inserts of thousands of rows a second (readings), which log no changes.
    /// Answers how many rows each statement changed.
    func sqliteBulkTransaction(_ statements: [SQLiteBulkWriter.Statement], on writer: SQLiteBulkWriter) async throws -> [Int] {
        try await serialized { try await writer.transaction(statements) }
    }

    /// Commits `group` in one transaction, then answers each write: with its value and
    /// evidence, or with the error that undid it.
    private static func commit(
        _ group: [QueuedWrite], on database: any Database, ledger: LedgerAppender?, onSQLite: Bool,
        afterCommit: @Sendable ([Set<String>]) -> Void
    ) async {
        let failed = NIOLockedValueBox(Set<Int>())
        do {
            let (done, evidence) = try await database.transaction { db in
                // On SQLite the group's statements run one after another on one connection:
                // resuming on its event loop saves a thread hand-off per statement.
                try await withTaskExecutorPreference(onSQLite ? EventLoopExecutor(db.eventLoop) : nil) {
                    if onSQLite { try await takeSQLiteWriteLock(on: db) }
                    let serials = Serials(counting: onSQLite)
                    let done = try await run(group, on: db, serials: serials) { position, error in
                        failed.withLockedValue { _ = $0.insert(position) }
                        group[position].fail(error)
                    }
                    try await serials.store(on: db as! any SQLDatabase)
                    return (done, try await RecordedChanges.store(done.map(\.changes), ledger: ledger, on: db))
                }
            }
            afterCommit(done.map(\.changes.subjectTypes))
            for (write, evidence) in zip(done, evidence) { write.deliver(evidence) }
        } catch {
            let answered = failed.withLockedValue { $0 }
            for (position, write) in group.enumerated() where !answered.contains(position) { write.fail(error) }
        }
    }

    /// Runs the writes of `group` in order. With several, each runs under its own savepoint, so
    /// that one that fails is undone alone (and reported to `failed`) while the others go on.
    /// A savepoint is not released when its write succeeds: the next one nests inside it, and
    /// rolling back to the innermost undoes the current write only; COMMIT releases them all.
    private static func run(
        _ group: [QueuedWrite], on db: any Database, serials: Serials, failed: (Int, any Error) -> Void
    ) async throws -> [(changes: RecordedChanges, deliver: @Sendable ([Evidence]) -> Void)] {
        guard group.count > 1 else { return [try await group[0].run(db, serials)] }
        let sql = db as! any SQLDatabase
        var done: [(changes: RecordedChanges, deliver: @Sendable ([Evidence]) -> Void)] = []
        for (position, write) in group.enumerated() {
            try await sql.raw("SAVEPOINT write").run()
            let issued = serials.mark
            do {
                done.append(try await write.run(db, serials))
            } catch {
                try await sql.raw("ROLLBACK TO write").run()
                serials.restore(issued)
                failed(position, error)
            }
        }
        return done
    }

    /// Makes the transaction SQLite's writer from its first statement, like BEGIN IMMEDIATE:
    /// SQLite waits for the lock then, whereas a transaction that has read fails at once when
    /// it must upgrade to write while another connection writes.
    private static func takeSQLiteWriteLock(on db: any Database) async throws {
        try await (db as! any SQLDatabase).raw("UPDATE ledger_sequence SET next_index = next_index WHERE id = 1").run()
    }

    /// Said once per connection: on each pooled one at start (`prepareDatabase`), on the bulk
    /// writer's when it opens.
    static let sqliteSession = [
        // Savepoints and multi-row statements journal to a temporary file unless told to use memory.
        "PRAGMA temp_store = MEMORY",
        // 32 MiB rather than 2: the readings index is written at a thousand places a second.
        "PRAGMA cache_size = -32768",
        // Checkpoint every 40 MB of log rather than 4: the pages the readings touch are written
        // again and again, and a checkpoint copies each page once however often it changed.
        "PRAGMA wal_autocheckpoint = 10000",
    ]
}

/// A write waiting for its turn in a group commit.
struct QueuedWrite: Sendable {
    /// Runs the write's body in the group's transaction; its answer waits in `deliver` until
    /// the group has committed, so nothing is acknowledged before it is durable.
    let run: @Sendable (any Database, Serials) async throws -> (changes: RecordedChanges, deliver: @Sendable ([Evidence]) -> Void)
    let fail: @Sendable (any Error) -> Void
}
