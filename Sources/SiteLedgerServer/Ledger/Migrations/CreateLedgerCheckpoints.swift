import Fluent

/// Every checkpoint the log signed, kept so that any later one can be proven consistent with it.
struct CreateLedgerCheckpoints: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("ledger_checkpoints")
            .field("size", .int64, .identifier(auto: false))
            .field("root", .data, .required)
            .field("note", .string, .required)
            .field("signed_at", .datetime, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("ledger_checkpoints").delete()
    }
}
