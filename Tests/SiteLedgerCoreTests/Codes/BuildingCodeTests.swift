import SiteLedgerCore
import Testing

@Suite("房屋建筑统一编码 siteledger-v1")
struct BuildingCodeTests {
    static let format: any BuildingCodeFormat = SiteLedgerBuildingCodeFormat()

    static func code(_ value: String) throws -> RegionCode { try RegionCode(value) }

    @Test func describesItself() {
        #expect(Self.format.name == "siteledger-v1")
        #expect(Self.format.maxSerial == 9_999_999)
    }

    @Test func laysOutDivisionYearSerialAndCheck() throws {
        let made = try Self.format.make(county: try Self.code("320102"), year: 2025, serial: 42)
        #expect(made.count == 18)
        #expect(made.hasPrefix("32010220250000042"))
        #expect(made.last == ISO7064.mod11_2CheckCharacter(made.prefix(17)))
    }

    @Test(arguments: [
        ("320102", 2025, 1), ("441900", 2024, 9_999_999), ("440311", 1999, 1_234_567), ("110000", 9999, 10),
    ])
    func roundTrips(county: String, year: Int, serial: Int) throws {
        let parts = BuildingCodeParts(county: try Self.code(county), year: year, serial: serial)
        let made = try Self.format.make(county: parts.county, year: year, serial: serial)
        #expect(try Self.format.parse(made) == parts)
    }

    @Test func rejectsEveryWrongCheckCharacter() throws {
        let made = try Self.format.make(county: try Self.code("320102"), year: 2025, serial: 7)
        let right = made[made.index(before: made.endIndex)]
        for wrong in Array("0123456789X") where wrong != right {
            #expect(throws: CodeError.checkCharacterMismatch(expected: right, actual: wrong)) {
                try Self.format.parse(String(made.dropLast()) + String(wrong))
            }
        }
    }

    @Test func acceptsLowerCaseX() throws {
        let county = try Self.code("320102")
        let serial = try #require((1...100).first { serial in
            (try? Self.format.make(county: county, year: 2025, serial: serial))?.last == "X"
        })
        let made = try Self.format.make(county: county, year: 2025, serial: serial)
        #expect(try Self.format.parse(made.lowercased()).serial == serial)
    }

    @Test(arguments: [10_000_000, 0, -1])
    func rejectsSerialsOutOfRange(serial: Int) throws {
        let county = try Self.code("320102")
        #expect(throws: CodeError.malformed("serial \(serial) is outside 1...9999999")) {
            try Self.format.make(county: county, year: 2025, serial: serial)
        }
    }

    @Test(arguments: [999, 10_000])
    func rejectsYearsThatAreNotFourDigits(year: Int) throws {
        let county = try Self.code("320102")
        #expect(throws: CodeError.invalidDate(String(year))) {
            try Self.format.make(county: county, year: year, serial: 1)
        }
    }

    @Test(arguments: [
        ("3201022025000004", CodeError.wrongLength(expected: 18, actual: 16)),
        ("32010220250000A42X", .invalidCharacter("A", position: 15)),
        ("32010220250000042Y", .invalidCharacter("Y", position: 18)),
        ("990102202500000421", .unknownRegion("990102")),
        ("320102099900000421", .invalidDate("0999")),
        ("320102202500000001", .malformed("serial 0 is outside 1...9999999")),
    ])
    func rejectsMalformedCodes(code: String, error: CodeError) {
        #expect(throws: error) { try Self.format.parse(code) }
    }
}
