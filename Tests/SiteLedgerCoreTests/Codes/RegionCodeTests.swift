import SiteLedgerCore
import Testing

@Suite("行政区划代码 GB/T 2260")
struct RegionCodeTests {
    static func region(_ code: String) throws -> RegionCode { try RegionCode(code) }

    @Test(arguments: [
        ("320000", RegionCode.Level.province, "32", "320000", nil),
        ("320100", .city, "3201", "320000", "320100"),
        ("320102", .county, "320102", "320000", "320100"),
        ("441900", .city, "4419", "440000", "441900"),
        ("110101", .county, "110101", "110000", "110100"),
        ("820000", .province, "82", "820000", nil),
    ] as [(String, RegionCode.Level, String, String, String?)])
    func readsLevelAndAncestors(code: String, level: RegionCode.Level, prefix: String, province: String, city: String?) throws {
        let region = try Self.region(code)
        #expect(region.level == level)
        #expect(region.jurisdictionPrefix == prefix)
        #expect(region.provinceCode == province)
        #expect(region.cityCode == city)
    }

    @Test func containmentFollowsTheJurisdictionPrefix() throws {
        let jiangsu = try Self.region("320000"), nanjing = try Self.region("320100")
        let xuanwu = try Self.region("320102"), wuxi = try Self.region("320200")
        #expect(jiangsu.contains(nanjing) && jiangsu.contains(xuanwu) && jiangsu.contains(wuxi))
        #expect(nanjing.contains(xuanwu) && !nanjing.contains(wuxi) && !nanjing.contains(jiangsu))
        #expect(xuanwu.contains(xuanwu) && !xuanwu.contains(nanjing))
        #expect(!(try Self.region("440300")).contains(try Self.region("441900")))
    }

    @Test(arguments: [
        ("32010", CodeError.wrongLength(expected: 6, actual: 5)),
        ("3201020", .wrongLength(expected: 6, actual: 7)),
        ("", .empty),
        ("32010a", .invalidCharacter("a", position: 6)),
        ("990000", .unknownRegion("990000")),
        ("100000", .unknownRegion("100000")),
        ("830000", .unknownRegion("830000")),
        ("000000", .unknownRegion("000000")),
    ])
    func rejectsImplausibleCodes(code: String, error: CodeError) {
        #expect(throws: error) { try RegionCode(code) }
    }

    @Test func trimsAndOrdersByCode() throws {
        #expect(try RegionCode(" 320102\n").value == "320102")
        let codes = try ["440300", "110000", "320102"].map(Self.region)
        #expect(codes.sorted().map(\.description) == ["110000", "320102", "440300"])
    }
}
