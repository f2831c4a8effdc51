import Fluent

/// The control points' days that imports logged: the ledger's subject for their hourly means.
struct CreateControlStationDays: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ControlStationDay.table)
            .id()
            .field("station_code", .string, .required)
            .field("day", .int64, .required)
            .unique(on: "station_code", "day")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ControlStationDay.table).delete()
    }
}
