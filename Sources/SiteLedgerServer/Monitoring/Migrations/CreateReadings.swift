import Fluent
import SQLKit
import SiteLedgerCore

/// Readings as wide rows: one per device, series and DataTime, the station's factors in
/// columns of their own. A re-sent upload finds its row taken and changes nothing.
struct CreateReadings: AsyncMigration {
    func prepare(on database: any Database) async throws {
        var schema = database.schema(ReadingStore.table)
            .field("device_id", .uuid, .required, .references(Device.schema, .id))
            .field("kind", .int, .required)
            .field("data_time", .int64, .required)
            .field("received_at", .int64, .required)
        for column in Factor.allCases.map(\.column) { schema = schema.field(.string(column), .double) }
        try await schema
            .field("flags", .string)
            .field("extra", .string)
            .unique(on: "device_id", "kind", "data_time")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ReadingStore.table).delete()
    }
}
