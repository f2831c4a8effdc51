import Fluent

/// When each device last reported, kept by the monitoring worker so that every server
/// process, and one just restarted, tells online from offline alike.
struct CreateDeviceStatus: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(DeviceStatus.table)
            .field("device_id", .uuid, .identifier(auto: false), .references(Device.schema, .id))
            .field("last_received_at", .int64, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(DeviceStatus.table).delete()
    }
}
