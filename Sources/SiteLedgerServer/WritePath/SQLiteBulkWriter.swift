import Vapor
import NIOPosix
import NIOConcurrencyHelpers
import VaporCSQLite

/// Ingest's own SQLite connection, on a thread of its own, spoken to through SQLite's C API.
///
/// A bulk insert through the shared pool waited, under load, for the pool's event loop (busy
/// reading device connections) before it began and again after each statement: ingest's
/// commits spent more time waiting for that loop than SQLite spent writing, and the gateway
/// answers no faster than ingest commits. A thousand-row statement through SQLiteNIO was also
/// parsed and compiled anew for every commit; here each statement is prepared once and stepped
/// once per row, and a whole transaction is one job on the writer's thread. Only one writer at
/// a time still holds: the write path's turn is taken around every transaction here.
final class SQLiteBulkWriter: Sendable {
    /// A statement run once for each row of binds.
    struct Statement: Sendable {
        let sql: String
        let rows: [[ColumnValue]]
    }

    private let path: String
    private let thread = NIOThreadPool(numberOfThreads: 1)
    /// Touched only on `thread`; the lock is never contended.
    private let connection = NIOLockedValueBox<SQLiteBulkConnection?>(nil)

    init(path: String) {
        self.path = path
        thread.start()
    }

    /// Runs `statements` in one transaction; answers how many rows each changed.
    func transaction(_ statements: [Statement]) async throws -> [Int] {
        try await thread.runIfActive { [self] in
            try connection.withLockedValue { connection in
                if connection == nil { connection = try SQLiteBulkConnection(path: path) }
                return try connection!.transaction(statements)
            }
        }
    }

    /// Closes the connection and stops its thread.
    func shutdown() async {
        _ = try? await thread.runIfActive { [self] in connection.withLockedValue { $0 = nil } }
        try? await thread.shutdownGracefully()
    }
}

/// The open connection, with its statements prepared once. Only the writer's one thread uses
/// it, under the writer's lock.
private final class SQLiteBulkConnection: @unchecked Sendable {
    private let database: OpaquePointer
    private var prepared: [String: OpaquePointer] = [:]

    /// Opens `path` with the session settings of the write path's transactions and the foreign
    /// keys Fluent's connections enforce.
    init(path: String) throws {
        var handle: OpaquePointer?
        let opened = sqlite_nio_sqlite3_open_v2(path, &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nil)
        guard opened == SQLITE_OK, let handle else {
            sqlite_nio_sqlite3_close(handle)
            throw SQLiteBulkError(code: opened, message: "cannot open \(path)")
        }
        database = handle
        // A lock another connection holds (a write outside the write path's turn) makes this
        // one wait rather than fail, but not forever.
        sqlite_nio_sqlite3_busy_timeout(database, 60_000)
        for pragma in WritePath.sqliteSession + ["PRAGMA foreign_keys = ON"] { try execute(pragma) }
    }

    deinit {
        for statement in prepared.values { sqlite_nio_sqlite3_finalize(statement) }
        sqlite_nio_sqlite3_close(database)
    }

    func transaction(_ statements: [SQLiteBulkWriter.Statement]) throws -> [Int] {
        try execute("BEGIN IMMEDIATE")
        do {
            let changed = try statements.map(run)
            try execute("COMMIT")
            return changed
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    private func run(_ statement: SQLiteBulkWriter.Statement) throws -> Int {
        let prepared = try prepare(statement.sql)
        var changed = 0
        for row in statement.rows {
            try bind(row, to: prepared)
            try step(prepared)
            changed += Int(sqlite_nio_sqlite3_changes(database))
        }
        return changed
    }

    private func execute(_ sql: String) throws {
        try step(try prepare(sql))
    }

    private func prepare(_ sql: String) throws -> OpaquePointer {
        if let statement = prepared[sql] { return statement }
        var statement: OpaquePointer?
        let code = sqlite_nio_sqlite3_prepare_v3(database, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard code == SQLITE_OK, let statement else { throw error(code) }
        prepared[sql] = statement
        return statement
    }

    /// Runs `statement` to its end, ignoring the rows it returns, and resets it for its next use.
    private func step(_ statement: OpaquePointer) throws {
        var code = sqlite_nio_sqlite3_step(statement)
        while code == SQLITE_ROW { code = sqlite_nio_sqlite3_step(statement) }
        let failure = code == SQLITE_DONE ? nil : error(code)
        sqlite_nio_sqlite3_reset(statement)
        if let failure { throw failure }
    }

    private func bind(_ row: [ColumnValue], to statement: OpaquePointer) throws {
        for (index, value) in zip(Int32(1)..., row) {
            let code = switch value {
            // As text, the way Fluent stores the keys such columns reference.
            case .uuid(let uuid): bind(uuid.canonicalText, at: index, of: statement)
            case .integer(let integer): sqlite_nio_sqlite3_bind_int64(statement, index, Int64(integer))
            case .real(let real?): sqlite_nio_sqlite3_bind_double(statement, index, real)
            case .text(let text?): bind(text, at: index, of: statement)
            case .real(nil), .text(nil): sqlite_nio_sqlite3_bind_null(statement, index)
            }
            guard code == SQLITE_OK else { throw error(code) }
        }
    }

    private func bind(_ text: String, at index: Int32, of statement: OpaquePointer) -> Int32 {
        sqlite_nio_sqlite3_bind_text64(statement, index, text, UInt64(text.utf8.count), transient, UInt8(SQLITE_UTF8))
    }

    private func error(_ code: Int32) -> SQLiteBulkError {
        SQLiteBulkError(code: code, message: String(cString: sqlite_nio_sqlite3_errmsg(database)))
    }
}

/// SQLite's answer to a bulk write, with its result code (a constraint, a full disk, a busy lock).
struct SQLiteBulkError: Error, CustomStringConvertible {
    let code: Int32
    let message: String

    var description: String { "SQLite error \(code): \(message)" }
}

/// Tells SQLite to copy a bound value, whose memory Swift may free as soon as the call returns.
private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// Stops the bulk writer with the application.
struct SQLiteBulkWriterLifecycle: LifecycleHandler {
    let writer: SQLiteBulkWriter

    func shutdownAsync(_ application: Application) async {
        await writer.shutdown()
    }
}
