import Fluent
import SQLKit
import Foundation
import SiteLedgerCore

/// A reading on its way into the `readings` table: the device's row id with the reading.
struct StoredReading: Sendable {
    let device: UUID
    let reading: Reading
    /// When the platform received it, seconds since the Unix epoch.
    let receivedAt: Int
}

/// The `readings` table, written in multi-row inserts.
enum ReadingStore {
    static let table = "readings"
    static let factorColumns = Factor.allCases.map(\.column)
    /// Rows per insert: 18 columns each stays under SQLite's 32,766 bound parameters.
    private static let rowsPerStatement = 1_000

    /// Inserts what is new and answers how many rows that was; a reading already stored (same
    /// device, series and DataTime) is left as it was.
    @discardableResult
    static func insert(_ readings: [StoredReading], on database: any Database) async throws -> Int {
        let sql = database as! any SQLDatabase
        var inserted = 0
        for chunk in readings.chunked(into: rowsPerStatement) {
            let rows = try await sql.insert(into: table)
                .columns(["device_id", "kind", "data_time", "received_at"] + factorColumns + ["flags", "extra"])
                .rows(chunk.map(row))
                .ignoringConflicts(with: ["device_id", "kind", "data_time"])
                .returning("data_time")
                .all()
            inserted += rows.count
        }
        return inserted
    }

    private static func row(_ stored: StoredReading) -> [any SQLExpression] {
        let reading = stored.reading
        let flags = reading.flags.isEmpty ? nil : reading.flags.map { "\($0.key.column)=\($0.value)" }.sorted().joined(separator: ";")
        let extra = reading.extra.isEmpty ? nil : try? JSONValue.object(reading.extra.mapValues(JSONValue.string)).canonicalText()
        return [SQLBind(stored.device), SQLBind(reading.kind.rawValue), SQLBind(Int64(reading.time)), SQLBind(Int64(stored.receivedAt))]
            + Factor.allCases.map { SQLBind(reading.values[$0]) } + [SQLBind(flags), SQLBind(extra)]
    }
}

extension Factor {
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
