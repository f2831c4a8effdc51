import Fluent
import SQLKit

/// The one counter row that hands out log indexes (see `LedgerAppender`).
struct CreateLedgerSequence: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("ledger_sequence")
            .field("id", .int, .identifier(auto: false))
            .field("next_index", .int64, .required)
            .create()
        try await (database as! any SQLDatabase).insert(into: "ledger_sequence").columns("id", "next_index").values(SQLBind(1), SQLBind(Int64(0))).run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("ledger_sequence").delete()
    }
}
