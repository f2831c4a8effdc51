import SiteLedgerCore
import Testing

@Suite("ISO 7064 MOD 11-2")
struct ISO7064Tests {
    /// Published examples: GB 11643-1999 (11010519491231002X, 440524188001010014) and the
    /// ORCID identifier documentation (0000-0002-1825-0097, 0000-0002-1694-233X,
    /// 0000-0002-9079-593X).
    @Test(arguments: [
        ("11010519491231002", "X"),
        ("44052418800101001", "4"),
        ("000000021825009", "7"),
        ("000000021694233", "X"),
        ("000000029079593", "X"),
    ] as [(String, Character)])
    func publishedExamples(digits: String, check: Character) {
        #expect(ISO7064.mod11_2CheckCharacter(digits) == check)
    }

    @Test(arguments: ["1101051949123100A", "11010519491231002X", "1101 0519491231002", "１１０"])
    func nonDigitsHaveNoCheckCharacter(input: String) {
        #expect(ISO7064.mod11_2CheckCharacter(input) == nil)
    }

    @Test func acceptsAnyCollectionOfCharacters() {
        let digits: [Character] = Array("11010519491231002")
        #expect(ISO7064.mod11_2CheckCharacter(digits) == "X")
        #expect(ISO7064.mod11_2CheckCharacter("11010519491231002".dropFirst(0)) == "X")
    }
}
