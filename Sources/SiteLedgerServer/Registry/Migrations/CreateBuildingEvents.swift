import Fluent

struct CreateBuildingEvents: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(BuildingEvent.schema)
            .id()
            .field("building_id", .uuid, .required, .references(Building.schema, .id))
            .field("kind", .string, .required)
            .field("occurred_at", .datetime, .required)
            .field("source_system", .string, .required)
            .field("reference_number", .string, .required)
            .field("payload", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "building_id", "source_system", "reference_number")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(BuildingEvent.schema).delete()
    }
}
