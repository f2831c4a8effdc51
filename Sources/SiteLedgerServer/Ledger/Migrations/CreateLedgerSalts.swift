import Fluent

/// The salts of personal values' commitments; deleting a row erases that value from the log's reach.
struct CreateLedgerSalts: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("ledger_salts")
            .field("change_id", .uuid, .required, .references(ChangeRecord.schema, .id))
            .field("field", .string, .required)
            .field("salt", .data, .required)
            .compositeIdentifier(over: "change_id", "field")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("ledger_salts").delete()
    }
}
