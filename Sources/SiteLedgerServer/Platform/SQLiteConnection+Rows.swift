import NIOConcurrencyHelpers
import SQLiteNIO

extension SQLiteConnection {
    /// Runs `sql` and hands each row it returns to `onRow` on the connection's own thread, as
    /// it is stepped. SQLiteNIO's `SQLiteDatabase.query` (which SQLKit and Fluent go through)
    /// hands each row to the connection's event loop as a task of its own: a task and a
    /// thread wake-up per row, on an event loop that under load is busy with device
    /// connections. This is the connection's own `async` query, which does not.
    func eachRow(_ sql: String, _ binds: [SQLiteData], _ onRow: @escaping @Sendable (SQLiteRow) -> Void) async throws {
        try await query(sql, binds, onRow)
    }

    /// The rows `sql` returns, read on the connection's own thread (`eachRow`).
    func rows(_ sql: String, _ binds: [SQLiteData]) async throws -> [SQLiteRow] {
        let rows = NIOLockedValueBox<[SQLiteRow]>([])
        try await eachRow(sql, binds) { row in rows.withLockedValue { $0.append(row) } }
        return rows.withLockedValue { $0 }
    }
}

extension SQLiteDatabase {
    /// `SQLiteConnection.rows` on a connection of this database.
    func rows(_ sql: String, _ binds: [SQLiteData]) async throws -> [SQLiteRow] {
        try await withConnection { try await $0.rows(sql, binds) }
    }
}
