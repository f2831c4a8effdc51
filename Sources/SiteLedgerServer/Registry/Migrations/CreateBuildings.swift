import Fluent

struct CreateBuildings: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Building.schema)
            .id()
            .field("code", .string, .required)
            .field("code_format", .string, .required)
            .field("project_id", .uuid, .required, .references(Project.schema, .id))
            .field("number", .string, .required)
            .field("name", .string, .required)
            .field("floors_above", .int, .required)
            .field("floors_below", .int, .required)
            .field("height_m", .double)
            .field("floor_area_m2", .double)
            .field("structure_type", .string)
            .field("use", .string)
            .field("created_at", .datetime, .required)
            .unique(on: "code")
            .unique(on: "project_id", "number")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Building.schema).delete()
    }
}
