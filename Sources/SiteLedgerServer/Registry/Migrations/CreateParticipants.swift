import Fluent

struct CreateParticipants: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Participant.schema)
            .id()
            .field("project_id", .uuid, .required, .references(Project.schema, .id))
            .field("organization_id", .uuid, .required, .references(Organization.schema, .id))
            .field("role", .string, .required)
            .field("entered_on", .string, .required)
            .field("exited_on", .string)
            .field("responsible_person", .string)
            .field("responsible_title", .string)
            .field("created_at", .datetime, .required)
            .unique(on: "project_id", "organization_id", "role")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Participant.schema).delete()
    }
}
