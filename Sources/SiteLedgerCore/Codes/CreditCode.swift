/// 统一社会信用代码 — unified social credit code (GB 32100-2015).
///
/// 18 characters: registration authority (1), organization category (1), administrative
/// division (6, GB/T 2260), organization identifier (9) and a MOD 31 check character.
public struct CreditCode: Hashable, Sendable, CustomStringConvertible {
    /// The canonical form: trimmed, upper case.
    public let value: String

    /// GB 32100-2015 code alphabet; I O Z S V are left out so they cannot be misread as
    /// 1 0 2 5 U. A character's position in it is its numeric value.
    private static let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")

    /// Position weights 3^i mod 31, as tabulated in GB 32100-2015.
    private static let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

    public init(_ raw: String) throws(CodeError) {
        let code = raw.normalizedCode
        try Self.requireStructure(code)
        let expected = Self.checkCharacter(values: Self.values(of: code.prefix(17)))
        let actual = code[code.index(before: code.endIndex)]
        guard actual == expected else { throw .checkCharacterMismatch(expected: expected, actual: actual) }
        value = code
    }

    /// The check character for the first 17 canonical (upper-case) characters, or `nil`
    /// when `s` is not 17 characters of the code alphabet.
    public static func checkCharacter(forFirst17 s: String) -> Character? {
        let values = values(of: s)
        guard s.count == 17, values.count == 17 else { return nil }
        return checkCharacter(values: values)
    }

    private static func values(of characters: some StringProtocol) -> [Int] {
        characters.compactMap { alphabet.firstIndex(of: $0) }
    }

    private static func checkCharacter(values: [Int]) -> Character {
        let sum = zip(values, weights).reduce(0) { $0 + $1.0 * $1.1 }
        return alphabet[(31 - sum % 31) % 31]
    }

    /// Length and alphabet only. Some registered codes fail the check character; an
    /// administrator may confirm such a code, which needs this weaker test.
    public static func isStructurallyValid(_ raw: String) -> Bool {
        (try? requireStructure(raw.normalizedCode)) != nil
    }

    private static func requireStructure(_ code: String) throws(CodeError) {
        try requireLength(code, 18)
        try requireCharacters(code) { alphabet.contains($0) }
    }

    /// 登记管理部门代码 — registration authority, e.g. 9 for market regulation (工商).
    public var registrationAuthority: Character { value[value.startIndex] }

    /// 登记管理机关行政区划码 — the GB/T 2260 division (characters 3–8) of the registering office.
    public var regionCode: String { value.field(2..<8) }

    public var description: String { value }
}

/// Encoded as the bare code string so JSON carries `"91110000101623741K"`, not an object.
extension CreditCode: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let raw = try container.decode(String.self)
        do throws(CodeError) {
            try self.init(raw)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.message)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}
