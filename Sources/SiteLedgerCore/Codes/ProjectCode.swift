/// 项目代码 — investment project code (GB/T 40058-2021), `YYYY-AAAAAA-DD-TT-RRRRRC`:
/// year, GB/T 2260 division, department, project type, five serial characters and a check
/// character.
///
/// Only the structure is validated. The check-character algorithm is not published, so a
/// code with a wrong check character is accepted rather than rejecting real codes on a guess.
public struct ProjectCode: Hashable, Sendable, CustomStringConvertible {
    /// The canonical form: trimmed, upper case.
    public let value: String

    /// 0-based offsets of the fields between the hyphens; only the serial admits letters.
    private static let digitFields = [0..<4, 5..<11, 12..<14, 15..<17]
    private static let serialField = 18..<24
    private static let hyphenOffsets = [4, 11, 14, 17]
    private static let years = 1990...2100

    public init(_ raw: String) throws(CodeError) {
        let code = raw.normalizedCode
        try requireLength(code, 24)
        try Self.requireHyphens(code)
        for offsets in Self.digitFields {
            try requireCharacters(code.field(offsets), offset: offsets.lowerBound) { $0.isASCIIDigit }
        }
        try requireCharacters(code.field(Self.serialField), offset: Self.serialField.lowerBound) {
            $0.isASCIIDigitOrUppercaseLetter
        }
        guard Self.years.contains(code.number(0..<4)) else { throw .invalidDate(code.field(0..<4)) }
        value = code
    }

    private static func requireHyphens(_ code: String) throws(CodeError) {
        for offset in hyphenOffsets where code.field(offset..<offset + 1) != "-" {
            throw .malformed("expected '-' at position \(offset + 1) of YYYY-AAAAAA-DD-TT-RRRRRC")
        }
    }

    /// 年份 — the year the project was first assigned its code.
    public var year: Int { value.number(0..<4) }

    /// 行政区划代码 — the project's GB/T 2260 administrative division.
    public var regionCode: String { value.field(5..<11) }

    public var description: String { value }
}
