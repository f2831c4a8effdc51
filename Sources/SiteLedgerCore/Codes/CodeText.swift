import Foundation

extension Character {
    /// The value of an ASCII digit. Deliberately not `wholeNumberValue`, which also accepts
    /// full-width and other scripts' digits that no code standard allows.
    var asciiDigitValue: Int? {
        guard let ascii = asciiValue, (0x30...0x39).contains(ascii) else { return nil }
        return Int(ascii - 0x30)
    }

    var isASCIIDigit: Bool { asciiDigitValue != nil }

    /// `[0-9A-Z]`, the alphabet of codes that admit letters.
    var isASCIIDigitOrUppercaseLetter: Bool {
        isASCIIDigit || (asciiValue.map { (0x41...0x5A).contains($0) } ?? false)
    }
}

extension String {
    /// Codes arrive pasted from forms and spreadsheets: surrounding blanks and lower case are
    /// typing accidents, not different codes.
    var normalizedCode: String {
        trimmingCharacters(in: .whitespacesAndNewlines).uppercased()
    }

    /// Characters at 0-based offsets, for reading the fixed-width fields of a validated code.
    func field(_ offsets: Range<Int>) -> String {
        let start = index(startIndex, offsetBy: offsets.lowerBound)
        let end = index(start, offsetBy: offsets.count)
        return String(self[start..<end])
    }

    /// A field of a validated, all-digit code as a number.
    func number(_ offsets: Range<Int>) -> Int {
        field(offsets).reduce(0) { $0 * 10 + ($1.asciiDigitValue ?? 0) }
    }
}

/// Rejects empty input and input of the wrong length, in the order a user would fix them.
func requireLength(_ code: String, _ expected: Int) throws(CodeError) {
    guard !code.isEmpty else { throw .empty }
    guard code.count == expected else { throw .wrongLength(expected: expected, actual: code.count) }
}

/// Throws for the first character that `isAllowed` rejects. `offset` is where `code` starts
/// within the whole code, so the reported position is the one the user sees.
func requireCharacters(
    _ code: some StringProtocol, offset: Int = 0, _ isAllowed: (Character) -> Bool
) throws(CodeError) {
    for (index, character) in code.enumerated() where !isAllowed(character) {
        throw .invalidCharacter(character, position: offset + index + 1)
    }
}
