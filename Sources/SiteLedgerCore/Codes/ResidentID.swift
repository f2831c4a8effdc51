import Foundation

/// 居民身份证号码 — citizen identification number (GB 11643-1999).
///
/// 6-digit address code (GB/T 2260) + 8-digit birth date + 3-digit sequence (odd for men) +
/// ISO 7064 MOD 11-2 check character.
///
/// `description` is the masked form: the full number is personal information (PIPL) and
/// must not reach logs through string interpolation. Read `value` deliberately.
public struct ResidentID: Hashable, Sendable, CustomStringConvertible {
    /// The canonical form: trimmed, check character `X` in upper case.
    public let value: String

    /// Birth dates before this are not accepted: nobody alive holds such a number.
    private static let earliestBirthDate = (year: 1900, month: 1, day: 1)

    /// `today` bounds the birth date; pass it explicitly to make validation reproducible.
    public init(_ raw: String, today: Date = Date()) throws(CodeError) {
        let code = raw.normalizedCode
        try ISO7064.requireMod11_2Shape(code)
        try Self.requireBirthDate(code.field(6..<14), today: today)
        try ISO7064.requireMod11_2Check(code)
        value = code
    }

    private static func requireBirthDate(_ date: String, today: Date) throws(CodeError) {
        let birth = (year: date.number(0..<4), month: date.number(4..<6), day: date.number(6..<8))
        guard GregorianDate.isValid(year: birth.year, month: birth.month, day: birth.day),
              birth >= earliestBirthDate, birth <= GregorianDate.chinaCalendarDay(of: today)
        else { throw .invalidDate(date) }
    }

    /// 地址码 — the GB/T 2260 division where the number was first issued.
    public var regionCode: String { value.field(0..<6) }
    public var birthYear: Int { value.number(6..<10) }
    public var birthMonth: Int { value.number(10..<12) }
    public var birthDay: Int { value.number(12..<14) }
    /// 顺序码 — GB 11643 gives odd sequence numbers to men, even to women.
    public var isMale: Bool { value.number(16..<17) % 2 == 1 }

    /// The display form required outside roles that need the number: first 4 and last 4 shown.
    public var masked: String {
        value.field(0..<4) + String(repeating: "*", count: 10) + value.field(14..<18)
    }

    public var description: String { masked }
}
