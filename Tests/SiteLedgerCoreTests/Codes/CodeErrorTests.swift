import SiteLedgerCore
import Testing

@Suite("CodeError messages")
struct CodeErrorTests {
    @Test func checkCharacterMismatchReadsAsSpecified() {
        let error = CodeError.checkCharacterMismatch(expected: "9", actual: "K")
        #expect(error.message == "check character is K, expected 9")
        #expect(error.messageZH == "校验码错误：应为 9，实为 K")
    }

    @Test func messagesNameWhatIsWrong() {
        #expect(CodeError.wrongLength(expected: 18, actual: 17).message == "length is 17, expected 18")
        #expect(CodeError.wrongLength(expected: 18, actual: 17).messageZH == "长度错误：应为 18 位，实为 17 位")
        #expect(CodeError.invalidCharacter("O", position: 9).message == "invalid character 'O' at position 9")
        #expect(CodeError.invalidCharacter("O", position: 9).messageZH == "第 9 位字符“O”无效")
        #expect(CodeError.invalidDate("19490230").message.contains("19490230"))
        #expect(CodeError.invalidDate("19490230").messageZH.contains("19490230"))
        #expect(CodeError.malformed("line 3: empty name").message.contains("line 3: empty name"))
        #expect(CodeError.unknownRegion("990000").messageZH.contains("990000"))
    }

    @Test(arguments: [
        CodeError.empty, .wrongLength(expected: 6, actual: 5), .invalidCharacter("x", position: 1),
        .checkCharacterMismatch(expected: "1", actual: "2"), .invalidDate("2100"), .malformed("m"),
        .unknownRegion("990000"),
    ])
    func everyCaseHasBothMessages(error: CodeError) {
        #expect(!error.message.isEmpty)
        #expect(!error.messageZH.isEmpty)
        #expect(error.message != error.messageZH)
    }
}
