import Fluent

/// The sealed hours: one row per device and hour, its digest as last logged.
struct CreateReadingDigests: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ReadingsHour.schema)
            .id()
            .field("device_id", .uuid, .required, .references(Device.schema, .id))
            .field("hour", .int64, .required)
            .field("readings", .int, .required)
            .field("sha256", .string, .required)
            .unique(on: "device_id", "hour")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ReadingsHour.schema).delete()
    }
}
