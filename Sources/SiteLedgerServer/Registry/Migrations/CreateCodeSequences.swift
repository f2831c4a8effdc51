import Fluent

struct CreateCodeSequences: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(CodeSequence.schema)
            .field("scope", .string, .identifier(auto: false))
            .field("last_serial", .int, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(CodeSequence.schema).delete()
    }
}
