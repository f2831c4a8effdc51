import Fluent

/// National control points (国控点) and the hourly means they publish.
struct CreateControlPoints: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ControlPointStore.stations)
            .id()
            .field("code", .string, .required)
            .field("name", .string, .required)
            .field("county", .string, .required)
            .field("latitude", .double, .required)
            .field("longitude", .double, .required)
            .unique(on: "code")
            .create()
        try await database.schema(ControlPointStore.readings)
            .field("station_code", .string, .required)
            .field("hour", .int64, .required)
            .field("pm10", .double)
            .field("pm25", .double)
            .unique(on: "station_code", "hour")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ControlPointStore.readings).delete()
        try await database.schema(ControlPointStore.stations).delete()
    }
}
