import Fluent
import SQLKit
import FluentSQLiteDriver
import Foundation
import SiteLedgerCore

/// A reading on its way into the `readings` table: the device's row id with the reading.
struct StoredReading: Sendable {
    let device: UUID
    let reading: Reading
    /// When the platform received it, seconds since the Unix epoch.
    let receivedAt: Int
    /// The row's values, in `ReadingStore.columns`' order: made where the reading is made (a
    /// gateway connection's event loop), not in the commit that every upload waits for.
    let values: [ColumnValue]

    init(device: UUID, reading: Reading, receivedAt: Int) {
        self.device = device
        self.reading = reading
        self.receivedAt = receivedAt
        let flags = reading.flags.isEmpty ? nil : reading.flags.map { "\($0.key.column)=\($0.value)" }.sorted().joined(separator: ";")
        let extra = reading.extra.isEmpty ? nil : try? JSONValue.object(reading.extra.mapValues(JSONValue.string)).canonicalText()
        values = [.uuid(device), .integer(reading.kind.rawValue), .integer(reading.time), .integer(receivedAt)]
            + Factor.allCases.map { .real(reading.values[$0]) } + [.text(flags), .text(extra)]
    }
}

/// The `readings` table, written in batches: on SQLite one prepared statement stepped per row,
/// on PostgreSQL multi-row inserts.
enum ReadingStore {
    static let table = "readings"
    static let columns = ["device_id", "kind", "data_time", "received_at"] + Factor.allCases.map(\.column) + ["flags", "extra"]
    /// Rows per insert on PostgreSQL: 16 columns each stays under its 65,535 bound parameters.
    private static let rowsPerStatement = 1_000

    /// Inserts what is new, in one transaction, and answers how many rows that was; a reading
    /// already stored (same device, series and DataTime) is left as it was. The hours that had
    /// closed by `now` are marked late in the same transaction.
    @discardableResult
    static func insert(_ readings: [StoredReading], now: Int = Int(Date().timeIntervalSince1970), on database: any Database, writePath: WritePath) async throws -> Int {
        let late = LateHours.marks(of: readings, now: now)
        if let writer = writePath.bulkWriter {
            // SQLite's fast path: the values bound as they are, without SQLKit's encoder, which
            // costs more than SQLite's own work at thousands of rows a second.
            let statements = [SQLiteBulkWriter.Statement(sql: sqliteInsert, rows: readings.map(\.values))]
                + (late.isEmpty ? [] : [LateHours.sqliteUpsert(late)])
            return try await writePath.sqliteBulkTransaction(statements, on: writer)[0]
        }
        return try await database.transaction { db in
            if !late.isEmpty { try await LateHours.upsert(late, on: db as! any SQLDatabase) }
            var inserted = 0
            for chunk in readings.chunked(into: rowsPerStatement) {
                inserted += try await (db as! any SQLDatabase).insert(into: table).columns(columns)
                    .rows(chunk.map { $0.values.map(SQLBind.init) })
                    .ignoringConflicts(with: ["device_id", "kind", "data_time"])
                    .returning(SQLLiteral.numeric("1"))
                    .all().count
            }
            return inserted
        }
    }

    /// The readings `device` took in `times` (DataTime), in time order.
    static func readings(of device: UUID, in times: Range<Int>, on database: any Database) async throws -> [Reading] {
        try await received(of: device, in: times, withExtra: false, on: database).map(\.reading)
    }

    /// The readings `device` (MN `mn`) took in `times`, with when each arrived, in time order;
    /// the fields kept beside the factors only `withExtra`.
    static func received(of device: UUID, mn: String = "", in times: Range<Int>, withExtra: Bool = true, on database: any Database) async throws -> [(reading: Reading, receivedAt: Int)] {
        let decoder = JSONDecoder()
        return try await select(receivedColumns(withExtra: withExtra), of: [device], in: times, on: database).map { row in
            try received(from: row, mn: mn, withExtra: withExtra, decoder: decoder)
        }
    }

    /// Devices read together: a worker's tick touches the same hour of many devices.
    private static let devicesPerQuery = 200

    /// The readings of each of `hours`, with when each arrived, in time order; an hour without
    /// readings is absent. One query for many devices' same hour, not one per device-hour.
    static func received(in hours: some Collection<DeviceHour>, withExtra: Bool = true, on database: any Database) async throws -> [DeviceHour: [(reading: Reading, receivedAt: Int)]] {
        var found: [DeviceHour: [(reading: Reading, receivedAt: Int)]] = [:]
        for (hour, group) in Dictionary(grouping: hours, by: \.hour) {
            for (device, readings) in try await received(of: group.map(\.device), in: hour..<(hour + 3600), withExtra: withExtra, on: database) {
                found[DeviceHour(device: device, hour: hour)] = readings
            }
        }
        return found
    }

    /// The readings each of `devices` took in `times`, with when each arrived, in time order,
    /// each under its MN in `mns`; a device without readings is absent. One query for many
    /// devices, not one each.
    static func received(of devices: [UUID], mns: [UUID: String] = [:], in times: Range<Int>, withExtra: Bool = true, on database: any Database) async throws -> [UUID: [(reading: Reading, receivedAt: Int)]] {
        let decoder = JSONDecoder()
        var found: [UUID: [(reading: Reading, receivedAt: Int)]] = [:]
        for chunk in devices.chunked(into: devicesPerQuery) {
            for row in try await select(["device_id"] + receivedColumns(withExtra: withExtra), of: Array(chunk), in: times, on: database) {
                let device = try row.uuid("device_id")
                found[device, default: []].append(try received(from: row, mn: mns[device] ?? "", withExtra: withExtra, decoder: decoder))
            }
        }
        return found
    }

    /// How many readings each of `hours` holds; an hour without any is absent.
    static func counts(in hours: some Collection<DeviceHour>, on database: any Database) async throws -> [DeviceHour: Int] {
        var counts: [DeviceHour: Int] = [:]
        for (hour, group) in Dictionary(grouping: hours, by: \.hour) {
            for devices in group.map(\.device).chunked(into: devicesPerQuery) {
                let rows = try await select(["device_id", "COUNT(*) AS readings"], of: Array(devices), in: hour..<(hour + 3600), groupedBy: "device_id", orderedBy: "device_id", on: database)
                for row in rows { counts[DeviceHour(device: try row.uuid("device_id"), hour: hour)] = try row.integer("readings") }
            }
        }
        return counts
    }

    private static func receivedColumns(withExtra: Bool) -> [String] {
        ["kind", "data_time", "received_at"] + Factor.allCases.map(\.column) + ["flags"] + (withExtra ? ["extra"] : [])
    }

    private static func received(from row: any ReadingColumns, mn: String, withExtra: Bool, decoder: JSONDecoder) throws -> (reading: Reading, receivedAt: Int) {
        let extra = try withExtra ? row.text("extra").map { try decoder.decode([String: String].self, from: Data($0.utf8)) } ?? [:] : [:]
        return (try reading(from: row, mn: mn, extra: extra), try row.integer("received_at"))
    }

    /// `factor`'s measurements (`Reading.measurement`) that `device` took in `times`, in time
    /// order: what a chart draws, without whole readings (a month of minutes is 43,200 rows).
    static func series(of device: UUID, _ factor: Factor, in times: Range<Int>, on database: any Database) async throws -> [(time: Int, value: Double)] {
        try await select(["data_time", factor.column], of: [device], in: times, validOnly: factor, on: database).map { row in
            guard let value = try row.real(factor.column) else { throw ReadingColumnError(column: factor.column) }
            return (try row.integer("data_time"), value)
        }
    }

    /// Like `series`, but each `bucket` seconds from `times.lowerBound` reduced by the database
    /// to its minimum and maximum, both drawn at the middle of the times it holds (which of the
    /// two came first is not kept): a month of minutes at a few thousand pixels keeps its
    /// envelope in a fifth of the rows.
    static func envelope(of device: UUID, _ factor: Factor, in times: Range<Int>, bucket: Int, on database: any Database) async throws -> [(time: Int, value: Double)] {
        let column = factor.column
        let columns = ["MIN(data_time) AS first_time", "MAX(data_time) AS last_time", "MIN(\(column)) AS low", "MAX(\(column)) AS high"]
        let rows = try await select(columns, of: [device], in: times, validOnly: factor, groupedBy: "(data_time - \(times.lowerBound)) / \(bucket)", orderedBy: "first_time", on: database)
        return try rows.flatMap { row -> [(time: Int, value: Double)] in
            let (first, last) = (try row.integer("first_time"), try row.integer("last_time"))
            guard let low = try row.real("low"), let high = try row.real("high") else { throw ReadingColumnError(column: column) }
            let middle = (first + last) / 2
            return low == high ? [(middle, low)] : [(middle, low), (middle, high)]
        }
    }

    /// `columns` of the rows `devices` took in `times` (only those with a measurement of
    /// `factor`, if named), in time order. On SQLite the rows are read as the driver gives
    /// them: SQLKit's decoder would cost more than the query.
    private static func select(
        _ columns: [String], of devices: [UUID], in times: Range<Int>, validOnly factor: Factor? = nil, groupedBy group: String? = nil, orderedBy order: String = "data_time",
        on database: any Database
    ) async throws -> [any ReadingColumns] {
        // Naming every series lets the (device_id, kind, data_time) index seek each one.
        let kinds = DataKind.allCases.map(\.rawValue)
        let valid = factor.map(measurementCondition)
        if let sqlite = database as? any SQLiteDatabase {
            let sql = "SELECT \(columns.joined(separator: ",")) FROM \(table) WHERE device_id IN (\(Array(repeating: "?", count: devices.count).joined(separator: ",")))"
                + " AND kind IN (\(kinds.map(String.init).joined(separator: ",")))"
                + " AND data_time >= ? AND data_time < ?" + (valid.map { " AND " + $0 } ?? "") + (group.map { " GROUP BY " + $0 } ?? "") + " ORDER BY " + order
            return try await sqlite.rows(sql, devices.map { .text($0.canonicalText) } + [.integer(times.lowerBound), .integer(times.upperBound)])
        }
        let query = (database as! any SQLDatabase).select().columns(columns.map { SQLRaw($0) }).from(table)
            .where("device_id", .in, devices).where("kind", .in, kinds)
            .where("data_time", .greaterThanOrEqual, times.lowerBound).where("data_time", .lessThan, times.upperBound)
        if let valid { query.where(SQLRaw(valid)) }
        if let group { query.groupBy(SQLRaw(group)) }
        return try await query.orderBy(SQLRaw(order)).all().map(SQLKitReadingColumns.init)
    }

    /// SQL for `Reading.measurement`: `flags` holds `column=flag` pairs for the factors whose
    /// flag is not N.
    private static func measurementCondition(_ factor: Factor) -> String {
        let column = factor.column
        let possible = factor.physicalRange.map { " AND \(column) BETWEEN \($0.lowerBound) AND \($0.upperBound)" } ?? ""
        return "\(column) IS NOT NULL AND (flags IS NULL OR flags NOT LIKE '%\(column)=%')" + possible
    }

    /// Every device's hours with readings from the earlier of its last rolled-up and last
    /// sealed hour on (all of its hours when either is missing), with those two hours: what a
    /// restarted worker must redo. One query for all devices: one each would take minutes under
    /// load, each waiting its turn for a core.
    static func hoursSinceLastDone(on database: any Database) async throws -> [(hour: DeviceHour, rolledUp: Int?, sealed: Int?)] {
        // Beijing's offset is whole hours, so its hours start where UTC's do.
        try await (database as! any SQLDatabase).raw("""
            SELECT DISTINCT b.device, b.rolled_up, b.sealed, r.data_time - ((r.data_time % 3600) + 3600) % 3600 AS start_hour
            FROM (SELECT d.id AS device,
                    (SELECT MAX(u.start) FROM \(ident: RollupStore.table) u WHERE u.device_id = d.id AND u.span = \(literal: SummarySpan.hour.seconds)) AS rolled_up,
                    (SELECT MAX(s.hour) FROM \(ident: ReadingsHour.schema) s WHERE s.device_id = d.id) AS sealed
                  FROM \(ident: Device.schema) d) b
            JOIN \(ident: table) r ON r.device_id = b.device AND r.kind IN (\(unsafeRaw: DataKind.allCases.map { String($0.rawValue) }.joined(separator: ",")))
                AND r.data_time >= CASE WHEN b.rolled_up IS NULL OR b.sealed IS NULL THEN \(literal: Int.min + 1)
                    WHEN b.rolled_up < b.sealed THEN b.rolled_up ELSE b.sealed END
            """).all().map { row in
            (DeviceHour(device: try row.decode(column: "device", as: UUID.self), hour: try row.decode(column: "start_hour", as: Int.self)),
             try row.decode(column: "rolled_up", as: Int?.self), try row.decode(column: "sealed", as: Int?.self))
        }
    }

    private static func reading(from row: any ReadingColumns, mn: String, extra: [String: String]) throws -> Reading {
        var values = FactorValues()
        for factor in Factor.allCases { values[factor] = try row.real(factor.column) }
        let flags = try row.text("flags")?.split(separator: ";").reduce(into: [Factor: String]()) { flags, pair in
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2, let factor = Factor(column: String(parts[0])) { flags[factor] = String(parts[1]) }
        } ?? [:]
        return Reading(deviceID: mn, kind: DataKind(rawValue: try row.integer("kind")) ?? .realTime, time: try row.integer("data_time"), values: values, flags: flags, extra: extra)
    }

    /// One reading's row on SQLite's fast path, where a statement is prepared once and run per row.
    private static let sqliteInsert = "INSERT INTO \(table) (\(columns.joined(separator: ","))) VALUES ("
        + Array(repeating: "?", count: columns.count).joined(separator: ",") + ") ON CONFLICT (device_id, kind, data_time) DO NOTHING"
}

extension Factor {
    init?(column: String) {
        guard let factor = Factor.allCases.first(where: { $0.column == column }) else { return nil }
        self = factor
    }

    /// The `readings` column that holds the factor.
    var column: String {
        switch self {
        case .tsp: "tsp"
        case .pm10: "pm10"
        case .pm25: "pm25"
        case .pm1: "pm1"
        case .noise: "noise"
        case .temperature: "temperature"
        case .humidity: "humidity"
        case .pressure: "pressure"
        case .windSpeed: "wind_speed"
        case .windDirection: "wind_direction"
        }
    }
}

/// A row of `readings` as either driver gives it.
protocol ReadingColumns {
    func uuid(_ column: String) throws -> UUID
    func integer(_ column: String) throws -> Int
    func real(_ column: String) throws -> Double?
    func text(_ column: String) throws -> String?
}

extension SQLiteRow: ReadingColumns {
    func uuid(_ column: String) throws -> UUID {
        guard let value = self.column(column)?.string.flatMap(UUID.init(canonicalText:)) else { throw ReadingColumnError(column: column) }
        return value
    }

    func integer(_ column: String) throws -> Int {
        guard let value = self.column(column)?.integer else { throw ReadingColumnError(column: column) }
        return value
    }

    func real(_ column: String) throws -> Double? { self.column(column)?.double }

    func text(_ column: String) throws -> String? { self.column(column)?.string }
}

struct SQLKitReadingColumns: ReadingColumns {
    let row: any SQLRow

    func uuid(_ column: String) throws -> UUID { try row.decode(column: column, as: UUID.self) }

    func integer(_ column: String) throws -> Int { try row.decode(column: column, as: Int.self) }

    func real(_ column: String) throws -> Double? { try row.decode(column: column, as: Double?.self) }

    func text(_ column: String) throws -> String? { try row.decode(column: column, as: String?.self) }
}

struct ReadingColumnError: Error {
    let column: String
}
