import SiteLedgerCore
import Testing

@Suite("行政区划名称表")
struct RegionTableTests {
    static let table = RegionTable.builtIn

    static func code(_ value: String) throws -> RegionCode { try RegionCode(value) }

    @Test func coversWhatTheBriefAsksFor() throws {
        #expect(Self.table.all.filter { $0.code.level == .province }.count == 34)
        #expect(Self.table.children(of: try Self.code("320000")).count == 13)
        #expect(Self.table.children(of: try Self.code("440000")).count == 21)
        #expect(Self.table.children(of: try Self.code("320100")).count == 11)
        #expect(Self.table.children(of: try Self.code("440300")).count == 9)
        #expect(Self.table.all.count == 34 + 13 + 21 + 11 + 9)
    }

    @Test(arguments: [
        ("320102", "玄武区"), ("320104", "秦淮区"), ("320105", "建邺区"), ("320106", "鼓楼区"),
        ("320111", "浦口区"), ("320113", "栖霞区"), ("320114", "雨花台区"), ("320115", "江宁区"),
        ("320116", "六合区"), ("320117", "溧水区"), ("320118", "高淳区"),
        ("440303", "罗湖区"), ("440304", "福田区"), ("440305", "南山区"), ("440306", "宝安区"),
        ("440307", "龙岗区"), ("440308", "盐田区"), ("440309", "龙华区"), ("440310", "坪山区"),
        ("440311", "光明区"),
        ("710000", "台湾省"), ("810000", "香港特别行政区"), ("820000", "澳门特别行政区"),
        ("441900", "东莞市"), ("442000", "中山市"), ("321300", "宿迁市"), ("445300", "云浮市"),
    ])
    func namesDistricts(code: String, name: String) throws {
        #expect(Self.table.name(of: try Self.code(code)) == name)
        #expect(Self.table.region(try Self.code(code)) == Region(code: try Self.code(code), name: name))
    }

    @Test func builtInCodesAreAllValidAndSorted() throws {
        let codes = Self.table.all.map(\.code)
        #expect(codes == codes.sorted())
        for code in codes { #expect(try RegionCode(code.value) == code) }
    }

    @Test func composesFullNames() throws {
        #expect(Self.table.fullName(of: try Self.code("320102")) == "江苏省南京市玄武区")
        #expect(Self.table.fullName(of: try Self.code("440305")) == "广东省深圳市南山区")
        #expect(Self.table.fullName(of: try Self.code("441900")) == "广东省东莞市")
        #expect(Self.table.fullName(of: try Self.code("320000")) == "江苏省")
        #expect(Self.table.fullName(of: try Self.code("320103")) == nil)
        #expect(Self.table.name(of: try Self.code("330100")) == nil)
    }

    @Test func dongguanIsACityWithoutChildren() throws {
        let dongguan = try Self.code("441900")
        #expect(dongguan.level == .city)
        #expect(Self.table.children(of: dongguan).isEmpty)
        #expect(Self.table.children(of: try Self.code("440000")).contains { $0.code == dongguan })
    }

    @Test func childrenAreDirectOnly() throws {
        let jiangsuChildren = Self.table.children(of: try Self.code("320000")).map(\.code.value)
        #expect(jiangsuChildren.first == "320100" && jiangsuChildren.last == "321300")
        #expect(jiangsuChildren.allSatisfy { $0.hasSuffix("00") })
        #expect(Self.table.children(of: try Self.code("320102")).isEmpty)
    }

    @Test func aCountyWithoutItsCityInTheTableHangsFromTheProvince() throws {
        let table = RegionTable([
            Region(code: try Self.code("320000"), name: "江苏省"),
            Region(code: try Self.code("320102"), name: "玄武区"),
        ])
        #expect(table.children(of: try Self.code("320000")).map(\.name) == ["玄武区"])
        #expect(table.fullName(of: try Self.code("320102")) == "江苏省玄武区")
    }

    @Test func mergingAddsAndReplaces() throws {
        let merged = Self.table.merging([
            Region(code: try Self.code("320102"), name: "玄武"),
            Region(code: try Self.code("110101"), name: "东城区"),
        ])
        #expect(merged.name(of: try Self.code("320102")) == "玄武")
        #expect(merged.name(of: try Self.code("110101")) == "东城区")
        #expect(merged.all.count == Self.table.all.count + 1)
        #expect(Self.table.name(of: try Self.code("320102")) == "玄武区")
    }

    @Test func laterEntriesWinInTheInitializer() throws {
        let code = try Self.code("320100")
        let table = RegionTable([Region(code: code, name: "旧"), Region(code: code, name: "南京市")])
        #expect(table.all == [Region(code: code, name: "南京市")])
    }
}

@Suite("行政区划 CSV")
struct RegionCSVTests {
    @Test func acceptsBOMHeaderBlankLinesAndCRLF() throws {
        let text = "\u{FEFF}code,name\r\n320000,江苏省\r\n\r\n 320100 , 南京市 \r\n"
        let regions = try RegionTable.parseCSV(text)
        #expect(regions.map(\.code.value) == ["320000", "320100"])
        #expect(regions.map(\.name) == ["江苏省", "南京市"])
    }

    @Test func headerIsOptional() throws {
        #expect(try RegionTable.parseCSV("320000,江苏省").count == 1)
        #expect(try RegionTable.parseCSV("\n\nCode,Name\n320000,江苏省\n").count == 1)
        #expect(try RegionTable.parseCSV("").isEmpty)
    }

    @Test(arguments: [
        ("320000,江苏省\n32010,南京市", "line 2: length is 5, expected 6"),
        ("320000,江苏省\n\n990000,某省", "line 3: unknown administrative division code 990000"),
        ("320000江苏省", #"line 1: expected "code,name", got "320000江苏省""#),
        ("320000,江苏省,省", #"line 1: expected "code,name", got "320000,江苏省,省""#),
        ("320000,", "line 1: empty name"),
        ("320000,江苏省\n320000,江苏", "line 2: duplicate code 320000"),
        ("320000,江苏省\ncode,name", "line 2: length is 4, expected 6"),
    ])
    func rejectsBadLinesWithTheirNumber(text: String, description: String) {
        #expect(throws: CodeError.malformed(description)) { try RegionTable.parseCSV(text) }
    }

    @Test func parsedRegionsLoadIntoATable() throws {
        let regions = try RegionTable.parseCSV("code,name\n110000,北京市\n110101,东城区\n")
        let table = RegionTable.builtIn.merging(regions)
        #expect(table.fullName(of: try RegionCode("110101")) == "北京市东城区")
    }
}
