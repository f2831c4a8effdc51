import Fluent
import SQLKit
import FluentSQLiteDriver
import Foundation
import SiteLedgerCore

/// 补传 — device-hours that took readings after they closed, and so perhaps after their
/// rollup and seal: marked durably in the readings' own transaction, so that a worker
/// restarted after a crash still redoes them, and cleared once the worker has.
///
/// A mark's version grows with each late upload, so the worker clears only a mark that no
/// upload touched since it read the mark, before reading the hour's readings.
enum LateHours {
    static let table = "late_hours"

    /// The hours of `readings` that had closed by `now`, in one order so that concurrent
    /// transactions lock their marks in the same order. Readings on time mark nothing: they
    /// are stored well within `ReadingSeals.delay` of their hour's end, before it can be sealed.
    static func marks(of readings: [StoredReading], now: Int) -> [DeviceHour] {
        Set(readings.lazy.map { DeviceHour(device: $0.device, hour: SummarySpan.hour.start(of: $0.reading.time)) }.filter { $0.hour + 3600 <= now })
            .sorted { ($0.device, $0.hour) < ($1.device, $1.hour) }
    }

    /// Marks per statement on PostgreSQL, well under its limit of bound values.
    static let marksPerStatement = 1_000

    /// The statement that marks `marks` on SQLite's fast path, in the readings' transaction.
    static func sqliteUpsert(_ marks: [DeviceHour]) -> SQLiteBulkWriter.Statement {
        SQLiteBulkWriter.Statement(
            sql: "INSERT INTO \(table) (device_id, hour, version) VALUES (?,?,1) ON CONFLICT (device_id, hour) DO UPDATE SET version = \(table).version + 1",
            rows: marks.map { [.uuid($0.device), .integer($0.hour)] }
        )
    }

    /// Marks `marks` in the readings' transaction `database`.
    static func upsert(_ marks: [DeviceHour], on database: any SQLDatabase) async throws {
        for chunk in marks.chunked(into: marksPerStatement) {
            try await database.insert(into: table).columns("device_id", "hour", "version")
                .rows(chunk.map { [SQLBind($0.device), SQLBind($0.hour), SQLLiteral.numeric("1")] as [any SQLExpression] })
                .onConflict(with: ["device_id", "hour"]) { $0.set("version", to: SQLRaw("\(table).version + 1")) }
                .run()
        }
    }

    /// Every marked hour with its version.
    static func all(on database: any Database) async throws -> [DeviceHour: Int] {
        let rows = try await (database as! any SQLDatabase).select().columns("device_id", "hour", "version").from(table).all()
        return Dictionary(try rows.map { row in
            (DeviceHour(device: try row.decode(column: "device_id", as: UUID.self), hour: try row.decode(column: "hour", as: Int.self)), try row.decode(column: "version", as: Int.self))
        }, uniquingKeysWith: max)
    }

    /// Clears each of `marks` that still has the version given.
    static func clear(_ marks: [DeviceHour: Int], on database: any Database, writePath: WritePath) async throws {
        guard !marks.isEmpty else { return }
        try await writePath.serializedTransaction(on: database) { db in
            for (hour, version) in marks {
                try await (db as! any SQLDatabase).delete(from: table)
                    .where("device_id", .equal, SQLBind(hour.device)).where("hour", .equal, hour.hour).where("version", .equal, version)
                    .run()
            }
        }
    }
}
