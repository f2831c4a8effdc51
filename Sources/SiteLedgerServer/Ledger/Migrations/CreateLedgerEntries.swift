import Fluent

/// The log's entries, by index; each names the change whose record it commits to.
struct CreateLedgerEntries: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("ledger_entries")
            .field("idx", .int64, .identifier(auto: false))
            .field("change_id", .uuid, .required, .references(ChangeRecord.schema, .id))
            .field("entry", .data, .required)
            .unique(on: "change_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("ledger_entries").delete()
    }
}
