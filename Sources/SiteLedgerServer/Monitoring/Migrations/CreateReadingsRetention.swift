import Fluent

/// The retention boundary of raw readings: one row once readings were first pruned.
struct CreateReadingsRetention: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ReadingsRetention.schema)
            .id()
            .field("pruned_before", .int64, .required)
            .field("days", .int, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ReadingsRetention.schema).delete()
    }
}
