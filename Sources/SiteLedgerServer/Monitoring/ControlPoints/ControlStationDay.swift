import Vapor
import Fluent
import SQLKit
import Foundation
import SiteLedgerCore

/// 国控点日数据 — a control point's hourly means of one Beijing day, as the ledger holds them:
/// each import logs the days it touched in their new state, so that `ledger check` finds a
/// mean changed behind the platform's back, and an import revising one is on record.
enum ControlStationDay {
    static let table = "control_station_days"

    /// What the ledger commits to for a station's day.
    struct Record: Content, LedgerRecord, Equatable {
        struct Hour: Content, Equatable {
            let hour: Date
            let pm10: Double?
            let pm25: Double?
        }

        let station: String
        let day: String
        let hours: [Hour]
    }

    /// Logs each station-day `rows` touched, once they are stored.
    static func record(_ rows: [ControlReading], writes: Writes) async throws {
        let days = Set(rows.map { StationDay(station: $0.station, day: SummarySpan.day.start(of: $0.hour)) })
        for day in days.sorted(by: { ($0.day, $0.station) < ($1.day, $1.station) }) {
            let id = try await self.id(of: day, on: writes.database)
            let record = try await self.record(of: day, on: writes.database)
            writes.record(Change(
                kind: "control-readings.imported", subjectType: "control-station-day", subjectID: id, subjectLabel: "\(day.station) \(record.day)",
                summary: "导入国控点 \(day.station) \(record.day) 的 \(record.hours.count) 个小时均值", record: record
            ))
        }
    }

    /// The station-day `id` as the tables hold it now.
    static func current(_ id: UUID, on database: any Database) async throws -> Record? {
        guard let row = try await (database as! any SQLDatabase).select().columns("station_code", "day").from(table).where("id", .equal, SQLBind(id)).first() else { return nil }
        return try await record(of: StationDay(station: try row.decode(column: "station_code", as: String.self), day: try row.decode(column: "day", as: Int.self)), on: database)
    }

    private struct StationDay: Hashable {
        let station: String
        /// Unix seconds at the Beijing midnight that starts it.
        let day: Int
    }

    private static func id(of day: StationDay, on database: any Database) async throws -> UUID {
        let sql = database as! any SQLDatabase
        try await sql.insert(into: table).columns("id", "station_code", "day").values(SQLBind(UUID()), SQLBind(day.station), SQLBind(Int64(day.day)))
            .ignoringConflicts(with: ["station_code", "day"]).run()
        let row = try await sql.select().column("id").from(table).where("station_code", .equal, day.station).where("day", .equal, day.day).first()
        return try row!.decode(column: "id", as: UUID.self)
    }

    private static func record(of day: StationDay, on database: any Database) async throws -> Record {
        let rows = try await (database as! any SQLDatabase).select().columns("hour", "pm10", "pm25").from(ControlPointStore.readings)
            .where("station_code", .equal, day.station).where("hour", .greaterThanOrEqual, day.day).where("hour", .lessThan, day.day + 86_400)
            .orderBy("hour").all()
        return Record(station: day.station, day: Date(unix: day.day).shanghaiDay, hours: try rows.map { row in
            Record.Hour(hour: Date(unix: try row.decode(column: "hour", as: Int.self)), pm10: try row.decode(column: "pm10", as: Double?.self), pm25: try row.decode(column: "pm25", as: Double?.self))
        })
    }
}
