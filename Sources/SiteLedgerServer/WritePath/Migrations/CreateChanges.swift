import Fluent

struct CreateChanges: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ChangeRecord.schema)
            .id()
            .field("kind", .string, .required)
            .field("subject_type", .string, .required)
            .field("subject_id", .uuid, .required)
            .field("subject_label", .string, .required)
            .field("summary", .string, .required)
            .field("actor_user_id", .uuid)
            .field("actor_api_key_id", .uuid)
            .field("actor_organization_id", .uuid)
            .field("actor_label", .string, .required)
            .field("recorded_at", .datetime, .required)
            .field("occurred_at", .datetime, .required)
            .field("record", .string, .required)
            .field("record_sha256", .string, .required)
            .create()
        try await database.schema(TimelineLink.schema)
            .id()
            .field("building_id", .uuid, .required)
            .field("change_id", .uuid, .required, .references(ChangeRecord.schema, .id))
            .field("sort_key", .string, .required)
            .unique(on: "building_id", "sort_key")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(TimelineLink.schema).delete()
        try await database.schema(ChangeRecord.schema).delete()
    }
}
