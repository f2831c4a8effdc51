import Fluent

/// Hash tiles (C2SP tlog-tiles): up to 256 hashes of one level, a partial tile overwritten as it grows.
struct CreateLedgerTiles: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("ledger_tiles")
            .field("level", .int, .required)
            .field("idx", .int64, .required)
            .field("hashes", .data, .required)
            .compositeIdentifier(over: "level", "idx")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("ledger_tiles").delete()
    }
}
