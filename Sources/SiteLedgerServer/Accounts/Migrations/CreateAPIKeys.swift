import Fluent

struct CreateAPIKeys: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(APIKey.schema)
            .id()
            .field("name", .string, .required)
            .field("organization_id", .uuid, .required, .references(Organization.schema, .id))
            .field("prefix", .string, .required)
            .field("key_hash", .string, .required)
            .field("project_scope", .array(of: .uuid))
            .field("can_write", .bool, .required)
            .field("created_at", .datetime, .required)
            .field("revoked_at", .datetime)
            .unique(on: "key_hash")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(APIKey.schema).delete()
    }
}
