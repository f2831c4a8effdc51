import Fluent
import SQLKit
import Foundation
import SiteLedgerCore

/// The last serial issued per scope (county and year). Rows are only ever incremented.
final class CodeSequence: Model, @unchecked Sendable {
    static let schema = "code_sequences"

    @ID(custom: "scope", generatedBy: .user) var id: String?
    @Field(key: "last_serial") var lastSerial: Int

    init() {}
}

/// Issues building codes (赋码) from the serials of the writes' transaction (see `Serials`), so
/// that concurrent requests on PostgreSQL or SQLite never receive the same one; the unique
/// index on `buildings.code` is the second line of defence.
enum BuildingCodeAllocator {
    static func next(county: RegionCode, year: Int, format: any BuildingCodeFormat, writes: Writes) async throws -> String {
        let scope = "\(county.value)-\(year)"
        let serial = try await writes.serials.next(in: scope, on: writes.database as! any SQLDatabase)
        guard serial <= format.maxSerial else {
            throw APIError.conflict("code_space_exhausted", en: "no building codes left for \(scope)", zh: "\(scope) 的房屋编码已用尽")
        }
        return try Validate.code("code", "invalid_building_code") { () throws(CodeError) in
            try format.make(county: county, year: year, serial: serial)
        }
    }
}
