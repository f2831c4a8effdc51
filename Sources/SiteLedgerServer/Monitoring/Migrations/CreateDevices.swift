import Fluent

struct CreateDevices: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Device.schema)
            .id()
            .field("project_id", .uuid, .required, .references(Project.schema, .id))
            .field("kind", .string, .required)
            .field("mn", .string, .required)
            .field("password_digest", .string, .required)
            .field("password_salt", .string, .required)
            .field("name", .string, .required)
            .field("vendor_id", .uuid, .references(Organization.schema, .id))
            .field("latitude", .double)
            .field("longitude", .double)
            .field("particulate_scale", .double, .required)
            .field("system_code", .string, .required)
            .field("interval_seconds", .int, .required)
            .field("active", .bool, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "mn")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Device.schema).delete()
    }
}
