import Fluent

struct CreateProjects: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Project.schema)
            .id()
            .field("code", .string, .required)
            .field("name", .string, .required)
            .field("region_code", .string, .required)
            .field("address", .string, .required)
            .field("latitude", .double)
            .field("longitude", .double)
            .field("kind", .string, .required)
            .field("above_size", .bool, .required)
            .field("contract_amount_fen", .int64)
            .field("planned_start", .string)
            .field("planned_finish", .string)
            .field("permit_number", .string)
            .field("progress_percent", .int, .required)
            .field("status", .string, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "code")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Project.schema).delete()
    }
}
