import Foundation
import SiteLedgerCore
import Testing

@Suite("统一社会信用代码 GB 32100-2015")
struct CreditCodeTests {
    /// Published, registered codes: the two from DOMAIN.md, 华为技术有限公司 and
    /// 腾讯科技（深圳）有限公司.
    static let published = ["91110000101623741K", "91350100M000100Y43", "914403001922038216", "9144030071526726XG"]

    @Test(arguments: published)
    func acceptsPublishedCodes(code: String) throws {
        #expect(try CreditCode(code).value == code)
        #expect(CreditCode.checkCharacter(forFirst17: String(code.prefix(17))) == code.last)
    }

    @Test func normalizesCaseAndSurroundingWhitespace() throws {
        let code = try CreditCode("  91350100m000100y43\n")
        #expect(code.value == "91350100M000100Y43")
        #expect(code.description == "91350100M000100Y43")
        #expect(code == (try CreditCode("91350100M000100Y43")))
    }

    @Test(arguments: [
        ("91110000101623741J", "K", "J"),
        ("914403001922038217", "6", "7"),
        ("91350100M000100Y44", "3", "4"),
    ] as [(String, Character, Character)])
    func rejectsWrongCheckCharacterNamingTheRightOne(code: String, expected: Character, actual: Character) {
        #expect(throws: CodeError.checkCharacterMismatch(expected: expected, actual: actual)) {
            try CreditCode(code)
        }
    }

    @Test(arguments: ["I", "O", "Z", "S", "V"] as [Character])
    func rejectsForbiddenLetters(letter: Character) {
        var characters = Array("91350100M000100Y43")
        characters[8] = letter
        #expect(throws: CodeError.invalidCharacter(letter, position: 9)) {
            try CreditCode(String(characters))
        }
    }

    @Test func rejectsPunctuationAndFullWidthDigits() {
        #expect(throws: CodeError.invalidCharacter("-", position: 3)) { try CreditCode("91-10000101623741K") }
        #expect(throws: CodeError.invalidCharacter("１", position: 2)) { try CreditCode("9１110000101623741K") }
    }

    @Test func rejectsWrongLengthAndEmptyInput() {
        #expect(throws: CodeError.wrongLength(expected: 18, actual: 17)) { try CreditCode("91110000101623741") }
        #expect(throws: CodeError.wrongLength(expected: 18, actual: 19)) { try CreditCode("91110000101623741K1") }
        #expect(throws: CodeError.empty) { try CreditCode("") }
        #expect(throws: CodeError.empty) { try CreditCode("   ") }
    }

    @Test func checkCharacterNeedsSeventeenCodeCharacters() {
        #expect(CreditCode.checkCharacter(forFirst17: "9111000010162374") == nil)
        #expect(CreditCode.checkCharacter(forFirst17: "911100001016237410") == nil)
        #expect(CreditCode.checkCharacter(forFirst17: "9135010OM000100Y4") == nil)
    }

    @Test func structuralValidityIgnoresTheCheckCharacter() {
        #expect(CreditCode.isStructurallyValid("91110000101623741J"))
        #expect(CreditCode.isStructurallyValid(" 91110000101623741j "))
        #expect(!CreditCode.isStructurallyValid("9111000010162374"))
        #expect(!CreditCode.isStructurallyValid("9111000010162374OK"))
        #expect(!CreditCode.isStructurallyValid(""))
    }

    @Test func exposesAuthorityAndRegion() throws {
        let code = try CreditCode("91350100M000100Y43")
        #expect(code.registrationAuthority == "9")
        #expect(code.regionCode == "350100")
    }

    @Test func codesAsABareString() throws {
        let code = try CreditCode("91110000101623741K")
        let json = try JSONEncoder().encode([code])
        #expect(String(decoding: json, as: UTF8.self) == #"["91110000101623741K"]"#)
        #expect(try JSONDecoder().decode([CreditCode].self, from: json) == [code])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([CreditCode].self, from: Data(#"["91110000101623741J"]"#.utf8))
        }
    }
}
