import Fluent
import SQLKit
import Foundation
import SiteLedgerCore

/// The last serial issued per county and year. Rows are only ever incremented.
final class CodeSequence: Model, @unchecked Sendable {
    static let schema = "code_sequences"

    @ID(custom: "scope", generatedBy: .user) var id: String?
    @Field(key: "last_serial") var lastSerial: Int

    init() {}
}

/// Issues building codes (赋码). The serial comes from one atomic upsert, which holds the
/// sequence row's lock until the surrounding transaction ends, so concurrent requests on
/// PostgreSQL or SQLite can never receive the same serial; the unique index on
/// `buildings.code` is the second line of defence.
enum BuildingCodeAllocator {
    static func next(county: RegionCode, year: Int, format: any BuildingCodeFormat, on db: any Database) async throws -> String {
        guard let sql = db as? any SQLDatabase else { fatalError("SiteLedger runs on SQL databases only") }
        let scope = "\(county.value)-\(year)"
        let row = try await sql.raw("""
            INSERT INTO \(ident: CodeSequence.schema) (scope, last_serial) VALUES (\(bind: scope), 1)
            ON CONFLICT (scope) DO UPDATE SET last_serial = \(ident: CodeSequence.schema).last_serial + 1
            RETURNING last_serial
            """).first()
        guard let serial = try row?.decode(column: "last_serial", as: Int.self) else {
            throw APIError(.internalServerError, code: "code_allocation_failed", en: "building code allocation returned nothing", zh: "赋码失败")
        }
        guard serial <= format.maxSerial else {
            throw APIError.conflict("code_space_exhausted", en: "no building codes left for \(scope)", zh: "\(scope) 的房屋编码已用尽")
        }
        return try Validate.code("code", "invalid_building_code") { () throws(CodeError) in
            try format.make(county: county, year: year, serial: serial)
        }
    }
}
