import Fluent

struct CreateOrganizations: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Organization.schema)
            .id()
            .field("name", .string, .required)
            .field("kind", .string, .required)
            .field("credit_code", .string, .required)
            .field("credit_code_confirmed", .bool, .required)
            .field("region_code", .string, .required)
            .field("jurisdiction", .string)
            .field("qualifications", .array(of: .string), .required)
            .field("created_at", .datetime, .required)
            .unique(on: "credit_code")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Organization.schema).delete()
    }
}
