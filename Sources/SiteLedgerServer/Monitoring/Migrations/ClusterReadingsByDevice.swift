import Fluent
import SQLKit
import SiteLedgerCore

/// On SQLite, readings are kept in the order of their key — device, series, DataTime — in a
/// table WITHOUT ROWID. A device's month of minutes then lies on neighbouring pages, which a
/// 30-day chart reads in one sweep instead of 43,200 lookups scattered over the rows of every
/// other device, and an insert updates one B-tree instead of a table and its index.
/// PostgreSQL keeps its heap and unique index.
struct ClusterReadingsByDevice: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await rebuild(on: database, clustered: true)
    }

    func revert(on database: any Database) async throws {
        try await rebuild(on: database, clustered: false)
    }

    private func rebuild(on database: any Database, clustered: Bool) async throws {
        guard let sql = database as? any SQLDatabase, sql.dialect.name == "sqlite" else { return }
        let key = "device_id, kind, data_time"
        let definitions = [
            #""device_id" UUID NOT NULL REFERENCES "devices" ("id")"#, #""kind" INTEGER NOT NULL"#,
            #""data_time" INTEGER NOT NULL"#, #""received_at" INTEGER NOT NULL"#,
        ] + Factor.allCases.map { "\"\($0.column)\" DOUBLE" } + [#""flags" TEXT"#, #""extra" TEXT"#]
        let columns = ReadingStore.columns.joined(separator: ", ")
        try await sql.raw(SQLQueryString("""
            CREATE TABLE readings_rebuilt (\(definitions.joined(separator: ", ")), \(clustered ? "PRIMARY KEY" : "UNIQUE") (\(key)))\(clustered ? " WITHOUT ROWID" : "")
            """)).run()
        try await sql.raw(SQLQueryString("INSERT INTO readings_rebuilt (\(columns)) SELECT \(columns) FROM \(ReadingStore.table) ORDER BY \(key)")).run()
        try await sql.raw(SQLQueryString("DROP TABLE \(ReadingStore.table)")).run()
        try await sql.raw(SQLQueryString("ALTER TABLE readings_rebuilt RENAME TO \(ReadingStore.table)")).run()
    }
}
