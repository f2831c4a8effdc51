import Fluent
import SiteLedgerCore

/// A GB/T 2260 region added with `siteledger regions import`, on top of the built-in table.
final class RegionRecord: Model, @unchecked Sendable {
    static let schema = "regions"

    @ID(custom: "code", generatedBy: .user) var id: String?
    @Field(key: "name") var name: String

    init() {}

    init(_ region: Region) {
        id = region.code.value
        name = region.name
    }
}

enum RegionDirectory {
    /// The built-in table merged with imported regions.
    static func load(on db: any Database) async throws -> RegionTable {
        let imported = try await RegionRecord.query(on: db).all().compactMap { row -> Region? in
            guard let code = try? RegionCode(row.id ?? "") else { return nil }
            return Region(code: code, name: row.name)
        }
        return RegionTable.builtIn.merging(imported)
    }

    /// Adds or renames regions; returns how many rows were written. Takes the write path's
    /// turn: on SQLite a transaction that reads before it writes fails at once, rather than
    /// waits, when another writer is busy.
    static func importCSV(_ text: String, writePath: WritePath, on db: any Database) async throws -> Int {
        let regions = try Validate.code("file", "invalid_region_file") { () throws(CodeError) in try RegionTable.parseCSV(text) }
        try await writePath.serialized {
            try await db.transaction { tx in
                for region in regions {
                    if let existing = try await RegionRecord.find(region.code.value, on: tx) {
                        existing.name = region.name
                        try await existing.save(on: tx)
                    } else {
                        try await RegionRecord(region).create(on: tx)
                    }
                }
            }
        }
        return regions.count
    }
}
