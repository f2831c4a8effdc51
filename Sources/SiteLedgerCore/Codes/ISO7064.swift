/// ISO 7064 MOD 11-2 校验码 — the pure check-character system used by GB 11643-1999
/// (居民身份证号码) and by SiteLedger's default 房屋建筑统一编码.
public enum ISO7064 {
    /// The check character ("0"–"9" or "X") for `digits`, or `nil` if any is not an ASCII digit.
    public static func mod11_2CheckCharacter(_ digits: some Collection<Character>) -> Character? {
        let values = digits.compactMap(\.asciiDigitValue)
        guard values.count == digits.count else { return nil }
        return mod11_2CheckCharacter(values: values)
    }

    /// Uses the standard's recursive form, which equals the weighted sum with weights
    /// 2^i mod 11 (GB 11643's 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2) without walking the
    /// digits backwards.
    static func mod11_2CheckCharacter(values: [Int]) -> Character {
        let remainder = values.reduce(0) { ($0 + $1) * 2 % 11 }
        let check = (12 - remainder) % 11
        return check == 10 ? "X" : Character(String(check))
    }

    /// The shape of an 18-character MOD 11-2 code: 17 ASCII digits, then a digit or X.
    static func requireMod11_2Shape(_ code: String) throws(CodeError) {
        try requireLength(code, 18)
        try requireCharacters(code.prefix(17)) { $0.isASCIIDigit }
        try requireCharacters(code.suffix(1), offset: 17) { $0.isASCIIDigit || $0 == "X" }
    }

    /// Verifies the last character of a code that passed `requireMod11_2Shape`.
    static func requireMod11_2Check(_ code: String) throws(CodeError) {
        let expected = mod11_2CheckCharacter(values: code.prefix(17).compactMap(\.asciiDigitValue))
        let actual = code[code.index(before: code.endIndex)]
        guard actual == expected else { throw .checkCharacterMismatch(expected: expected, actual: actual) }
    }
}
