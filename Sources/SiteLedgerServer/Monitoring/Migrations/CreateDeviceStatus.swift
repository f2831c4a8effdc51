import Fluent
import SQLKit

/// When each device last reported, kept by the monitoring worker so that every server
/// process, and one just restarted, tells online from offline alike.
struct CreateDeviceStatus: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(DeviceStatus.table)
            .field("device_id", .uuid, .identifier(auto: false), .references(Device.schema, .id))
            .field("last_received_at", .int64, .required)
            .create()
        // Devices that reported before the table existed.
        try await (database as! any SQLDatabase).raw("""
            INSERT INTO \(ident: DeviceStatus.table) (device_id, last_received_at)
            SELECT device_id, MAX(received_at) FROM \(ident: ReadingStore.table) GROUP BY device_id
            """).run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(DeviceStatus.table).delete()
    }
}
