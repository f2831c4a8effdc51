import SiteLedgerCore
import Testing

@Suite("项目代码 GB/T 40058-2021")
struct ProjectCodeTests {
    @Test(arguments: ["2020-320115-47-01-123456", "1990-110000-04-99-A1B2C3", "2100-441900-48-03-00000X"])
    func acceptsWellFormedCodes(code: String) throws {
        #expect(try ProjectCode(code).value == code)
    }

    @Test func readsYearAndRegionAndNormalizes() throws {
        let code = try ProjectCode(" 2020-320115-47-01-12345a ")
        #expect(code.value == "2020-320115-47-01-12345A")
        #expect(code.description == code.value)
        #expect(code.year == 2020)
        #expect(code.regionCode == "320115")
    }

    @Test func doesNotJudgeTheUnpublishedCheckCharacter() throws {
        #expect(throws: Never.self) { try ProjectCode("2020-320115-47-01-123450") }
        #expect(throws: Never.self) { try ProjectCode("2020-320115-47-01-123459") }
    }

    @Test(arguments: [
        ("2020-320115-47-01-12345", CodeError.wrongLength(expected: 24, actual: 23)),
        ("", .empty),
        ("2020 320115-47-01-123456", .malformed("expected '-' at position 5 of YYYY-AAAAAA-DD-TT-RRRRRC")),
        ("2020-320115-4701-1234567", .malformed("expected '-' at position 15 of YYYY-AAAAAA-DD-TT-RRRRRC")),
        ("20A0-320115-47-01-123456", .invalidCharacter("A", position: 3)),
        ("2020-3201B5-47-01-123456", .invalidCharacter("B", position: 10)),
        ("2020-320115-4X-01-123456", .invalidCharacter("X", position: 14)),
        ("2020-320115-47-0Y-123456", .invalidCharacter("Y", position: 17)),
        ("2020-320115-47-01-12345_", .invalidCharacter("_", position: 24)),
        ("1989-320115-47-01-123456", .invalidDate("1989")),
        ("2101-320115-47-01-123456", .invalidDate("2101")),
    ])
    func rejectsBadStructure(code: String, error: CodeError) {
        #expect(throws: error) { try ProjectCode(code) }
    }
}
