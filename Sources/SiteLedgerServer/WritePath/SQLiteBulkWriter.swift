import Vapor
import NIOPosix
import NIOConcurrencyHelpers
import SQLiteNIO

/// Ingest's own SQLite connection, with an event loop and a thread of its own.
///
/// A bulk insert through the shared pool waited, under load, for the pool's event loop (busy
/// reading device connections) before it began and again after each statement: ingest's
/// commits spent more time waiting for that loop than SQLite spent writing, and the gateway
/// answers no faster than ingest commits. Only one writer at a time still holds: the write
/// path's turn is taken around every transaction here.
final class SQLiteBulkWriter: Sendable {
    private let path: String
    private let eventLoops = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    private let threadPool = NIOThreadPool(numberOfThreads: 1)
    private let connection = NIOLockedValueBox<EventLoopFuture<SQLiteConnection>?>(nil)
    /// The connection once open: awaiting even a fulfilled future costs a hop between threads.
    private let open = NIOLockedValueBox<SQLiteConnection?>(nil)

    init(path: String) {
        self.path = path
        threadPool.start()
    }

    /// Runs `statements` in one transaction, or on its own when there is one; answers how
    /// many rows each returned.
    func transaction(_ statements: [(sql: String, binds: [SQLiteData])]) async throws -> [Int] {
        let connection = if let open = open.withLockedValue({ $0 }) { open } else { try await opened().get() }
        guard statements.count > 1 else { return [try await Self.run(statements[0], on: connection)] }
        _ = try await Self.run(("BEGIN IMMEDIATE", []), on: connection)
        do {
            var returned: [Int] = []
            for statement in statements { returned.append(try await Self.run(statement, on: connection)) }
            _ = try await Self.run(("COMMIT", []), on: connection)
            return returned
        } catch {
            _ = try? await Self.run(("ROLLBACK", []), on: connection)
            throw error
        }
    }

    /// Runs `statement`, answering how many rows it returned.
    private static func run(_ statement: (sql: String, binds: [SQLiteData]), on connection: SQLiteConnection) async throws -> Int {
        let returned = NIOLockedValueBox(0)
        try await connection.eachRow(statement.sql, statement.binds) { _ in returned.withLockedValue { $0 += 1 } }
        return returned.withLockedValue { $0 }
    }

    /// The connection, opened on first use with the session settings of the write path's
    /// transactions and the foreign keys Fluent's connections enforce. One that failed to open
    /// is tried again next time.
    private func opened() -> EventLoopFuture<SQLiteConnection> {
        connection.withLockedValue { connection in
            if let connection { return connection }
            let eventLoop = eventLoops.next()
            let opening = SQLiteConnection.open(storage: .file(path: path), threadPool: threadPool, on: eventLoop).flatMap { opened in
                (WritePath.sqliteSession + ["PRAGMA foreign_keys = ON"]).reduce(eventLoop.makeSucceededVoidFuture()) { done, pragma in
                    done.flatMap { opened.query(pragma).map { _ in } }
                }.map { opened }
            }
            opening.whenComplete { result in
                switch result {
                case .success(let connection): self.open.withLockedValue { $0 = connection }
                case .failure: self.connection.withLockedValue { $0 = nil }
                }
            }
            connection = opening
            return opening
        }
    }

    /// Closes the connection and stops its threads.
    func shutdown() async {
        if let opening = connection.withLockedValue({ $0 }) {
            try? await opening.flatMap { $0.close() }.get()
        }
        try? await threadPool.shutdownGracefully()
        try? await eventLoops.shutdownGracefully()
    }
}

/// Stops the bulk writer with the application.
struct SQLiteBulkWriterLifecycle: LifecycleHandler {
    let writer: SQLiteBulkWriter

    func shutdownAsync(_ application: Application) async {
        await writer.shutdown()
    }
}
