import Fluent
import SQLKit
import Foundation
import SiteLedgerCore

extension ControlStation: LedgerRecord {}

/// The `control_stations` and `control_readings` tables.
enum ControlPointStore {
    static let stations = "control_stations"
    static let readings = "control_readings"

    /// Adds new stations and updates changed ones by code, each a logged change.
    static func importStations(_ rows: [ControlStation], writes: Writes) async throws -> ImportControlPointsResponse {
        let sql = writes.database as! any SQLDatabase
        var response = ImportControlPointsResponse(created: 0, updated: 0, unchanged: 0)
        for station in rows {
            let existing = try await stationsWhere("code", .equal, SQLBind(station.code), on: writes.database).first
            if existing?.station == station {
                response.unchanged += 1
                continue
            }
            let id = existing?.id ?? UUID()
            let values: [SQLBind] = [SQLBind(id), SQLBind(station.code), SQLBind(station.name), SQLBind(station.county), SQLBind(station.latitude), SQLBind(station.longitude)]
            try await sql.insert(into: stations).columns("id", "code", "name", "county", "latitude", "longitude").values(values)
                .onConflict(with: ["code"]) { $0.set(excludedValueOf: "name").set(excludedValueOf: "county").set(excludedValueOf: "latitude").set(excludedValueOf: "longitude") }
                .run()
            if existing == nil { response.created += 1 } else { response.updated += 1 }
            writes.record(Change(
                kind: existing == nil ? "control-station.registered" : "control-station.updated", subjectType: "control-station", subjectID: id,
                subjectLabel: station.code, summary: "\(existing == nil ? "登记" : "更新")国控点 \(station.name)（\(station.code)）", record: station
            ))
        }
        return response
    }

    /// Stores hourly means, a published revision replacing what an earlier import said, logs
    /// each station's day they touched, and sends the sites of their counties to be judged
    /// again for those hours.
    static func importReadings(_ rows: [ControlReading], now: Int = Int(Date().timeIntervalSince1970), writes: Writes) async throws {
        let sql = writes.database as! any SQLDatabase
        for chunk in rows.chunked(into: 1_000) {
            try await sql.insert(into: readings).columns("station_code", "hour", "pm10", "pm25")
                .rows(chunk.map { [SQLBind($0.station), SQLBind(Int64($0.hour)), SQLBind($0.pm10), SQLBind($0.pm25)] })
                .onConflict(with: ["station_code", "hour"]) { $0.set(excludedValueOf: "pm10").set(excludedValueOf: "pm25") }
                .run()
        }
        try await ControlStationDay.record(rows, writes: writes)
        try await LateHours.upsert(try await sitesToRejudge(after: rows, now: now, on: sql), on: sql)
    }

    /// How far back an imported hour sends its county's sites to be judged again. 国控点 hours
    /// are published an hour or more after they end, when the sites' windows have been judged
    /// without them, and revised within days; an older import only fills the comparison.
    static let rejudgedSpan = 3 * 86_400

    /// The closed device-hours with readings (an hourly rollup) in the counties and hours of
    /// `rows`, within `rejudgedSpan` of `now`: marked late (`LateHours`), they are judged again
    /// with their county's mean, and the difference rule sees it.
    private static func sitesToRejudge(after rows: [ControlReading], now: Int, on sql: any SQLDatabase) async throws -> [DeviceHour] {
        let recent = rows.filter { $0.hour + 3600 <= now && $0.hour >= now - rejudgedSpan }
        guard !recent.isEmpty else { return [] }
        let marked = try await sql.raw("""
            SELECT r.device_id AS device_id, r.start AS start FROM \(ident: RollupStore.table) r
            JOIN \(ident: Device.schema) d ON d.id = r.device_id JOIN \(ident: Project.schema) p ON p.id = d.project_id
            WHERE r.span = \(bind: SummarySpan.hour.seconds) AND r.start IN (\(binds: Array(Set(recent.map(\.hour)))))
            AND substr(p.region_code, 1, 6) IN (SELECT county FROM \(ident: stations) WHERE code IN (\(binds: Array(Set(recent.map(\.station))))))
            """).all()
        return try marked.map { DeviceHour(device: try $0.decode(column: "device_id", as: UUID.self), hour: try $0.decode(column: "start", as: Int.self)) }
            .sorted { ($0.device, $0.hour) < ($1.device, $1.hour) }
    }

    /// The stations of the counties whose code starts with `prefix`.
    static func stations(in prefix: String, on database: any Database) async throws -> [(id: UUID, station: ControlStation)] {
        try await stationsWhere("county", .like, SQLBind(prefix + "%"), on: database)
    }

    static func station(_ id: UUID, on database: any Database) async throws -> ControlStation? {
        try await stationsWhere("id", .equal, SQLBind(id), on: database).first?.station
    }

    private static func stationsWhere(_ column: String, _ op: SQLBinaryOperator, _ value: SQLBind, on database: any Database) async throws -> [(id: UUID, station: ControlStation)] {
        try await (database as! any SQLDatabase).select().columns("id", "code", "name", "county", "latitude", "longitude").from(stations)
            .where(SQLIdentifier(column), op, value).orderBy("code").all().map { row in
            (try row.decode(column: "id", as: UUID.self), ControlStation(
                code: try row.decode(column: "code", as: String.self), name: try row.decode(column: "name", as: String.self),
                county: try row.decode(column: "county", as: String.self),
                latitude: try row.decode(column: "latitude", as: Double.self), longitude: try row.decode(column: "longitude", as: Double.self)
            ))
        }
    }

    /// Hour → the mean PM10 of `county`'s stations that published one for it.
    static func countyPM10(_ county: String, hours: Range<Int>, on database: any Database) async throws -> [Int: Double] {
        let rows = try await (database as! any SQLDatabase).raw("""
            SELECT r.hour AS hour, AVG(r.pm10) AS pm10 FROM \(ident: readings) r JOIN \(ident: stations) s ON s.code = r.station_code
            WHERE s.county = \(bind: county) AND r.pm10 IS NOT NULL AND r.hour >= \(bind: hours.lowerBound) AND r.hour < \(bind: hours.upperBound)
            GROUP BY r.hour
            """).all()
        return Dictionary(uniqueKeysWithValues: try rows.map { (try $0.decode(column: "hour", as: Int.self), try $0.decode(column: "pm10", as: Double.self)) })
    }
}
