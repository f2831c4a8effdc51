import Fluent

/// The hours that took readings after they closed, until the monitoring worker has redone them.
struct CreateLateHours: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(LateHours.table)
            .field("device_id", .uuid, .required, .references(Device.schema, .id))
            .field("hour", .int64, .required)
            .field("version", .int64, .required)
            .unique(on: "device_id", "hour")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(LateHours.table).delete()
    }
}
