import Foundation
import SiteLedgerCore
import Testing

@Suite("居民身份证号码 GB 11643-1999")
struct ResidentIDTests {
    /// 2025-06-15 23:06:40 in China (15:06:40 UTC).
    static let today = Date(timeIntervalSince1970: 1_750_000_000)

    /// A number with the given first 17 digits and its correct check character, so a test
    /// about dates fails only because of the date.
    static func number(_ first17: String) -> String {
        first17 + String(ISO7064.mod11_2CheckCharacter(first17) ?? "?")
    }

    @Test func acceptsTheStandardsExample() throws {
        let id = try ResidentID("11010519491231002X", today: Self.today)
        #expect(id.value == "11010519491231002X")
        #expect(id.regionCode == "110105")
        #expect((id.birthYear, id.birthMonth, id.birthDay) == (1949, 12, 31))
        #expect(!id.isMale)
    }

    @Test func normalizesLowerCaseXAndWhitespace() throws {
        #expect(try ResidentID(" 11010519491231002x ", today: Self.today).value == "11010519491231002X")
    }

    @Test func oddSequenceMeansMale() throws {
        #expect(try ResidentID(Self.number("32010219800101001"), today: Self.today).isMale)
        #expect(try !ResidentID(Self.number("32010219800101002"), today: Self.today).isMale)
    }

    @Test func rejectsAMutatedCheckDigitNamingTheRightOne() {
        #expect(throws: CodeError.checkCharacterMismatch(expected: "X", actual: "1")) {
            try ResidentID("110105194912310021", today: Self.today)
        }
    }

    @Test(arguments: [
        ("19490230", "Feb 30"), ("19000229", "1900 is not a leap year"), ("19491301", "month 13"),
        ("19490000", "day 0"), ("18991231", "before 1900"), ("21000101", "future"), ("20250616", "tomorrow"),
    ])
    func rejectsImpossibleBirthDates(date: String, reason: String) {
        #expect(throws: CodeError.invalidDate(date), "\(reason)") {
            try ResidentID(Self.number("320102" + date + "001"), today: Self.today)
        }
    }

    @Test func rejectsTheStandardsPre1900Example() {
        #expect(throws: CodeError.invalidDate("18800101")) { try ResidentID("440524188001010014", today: Self.today) }
    }

    @Test(arguments: ["19000101", "20000229", "20250615"])
    func acceptsBoundaryBirthDates(date: String) throws {
        let id = try ResidentID(Self.number("320102" + date + "001"), today: Self.today)
        #expect(String(id.birthYear) == date.prefix(4))
    }

    @Test func todayIsTheCalendarDayInChina() throws {
        // 16:30 UTC on 15 June is 00:30 on 16 June in China.
        let justAfterMidnightInChina = Date(timeIntervalSince1970: 1_750_005_000)
        #expect(throws: Never.self) {
            try ResidentID(Self.number("32010220250616001"), today: justAfterMidnightInChina)
        }
    }

    @Test func rejectsBadCharactersAndLength() {
        #expect(throws: CodeError.invalidCharacter("Y", position: 18)) { try ResidentID("11010519491231002Y", today: Self.today) }
        #expect(throws: CodeError.invalidCharacter("X", position: 17)) { try ResidentID("1101051949123100XX", today: Self.today) }
        #expect(throws: CodeError.wrongLength(expected: 18, actual: 15)) { try ResidentID("110105491231002", today: Self.today) }
        #expect(throws: CodeError.empty) { try ResidentID("", today: Self.today) }
    }

    @Test func masksAllButTheFirstAndLastFour() throws {
        let id = try ResidentID("11010519491231002X", today: Self.today)
        #expect(id.masked == "1101**********002X")
        #expect(id.description == id.masked)
        #expect(!"\(id)".contains("19491231"))
    }
}
