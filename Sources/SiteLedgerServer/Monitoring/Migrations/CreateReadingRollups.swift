import Fluent
import SiteLedgerCore

/// Hourly and daily summaries of each device's readings, kept up to date as readings arrive.
struct CreateReadingRollups: AsyncMigration {
    func prepare(on database: any Database) async throws {
        var schema = database.schema(RollupStore.table)
            .field("device_id", .uuid, .required, .references(Device.schema, .id))
            .field("span", .int, .required)
            .field("start", .int64, .required)
            .field("readings", .int, .required)
        for factor in PeriodSummary.factors {
            schema = schema.field(.string(factor.column + "_count"), .int)
            for statistic in ["mean", "min", "max"] { schema = schema.field(.string(factor.column + "_" + statistic), .double) }
        }
        try await schema.unique(on: "device_id", "span", "start").create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(RollupStore.table).delete()
    }
}
