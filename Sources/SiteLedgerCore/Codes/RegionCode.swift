import Foundation

/// 行政区划代码 — administrative division code (GB/T 2260): two digits each for province,
/// prefecture and county.
public struct RegionCode: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Always six ASCII digits.
    public let value: String

    /// Province codes run from 11 (北京) to 82 (澳门); anything outside cannot be a division.
    private static let provinces = 11...82

    public init(_ raw: String) throws(CodeError) {
        let code = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        try requireLength(code, 6)
        try requireCharacters(code) { $0.isASCIIDigit }
        guard Self.provinces.contains(code.number(0..<2)) else { throw .unknownRegion(code) }
        value = code
    }

    /// 级别 — the level a code denotes, read from its trailing zeros.
    public enum Level: String, Sendable {
        case province, city, county
    }

    /// A prefecture-level city without counties, such as 东莞 441900, is still `.city`: its
    /// code ends in 00 and its towns have no GB/T 2260 code of their own.
    public var level: Level {
        if value.hasSuffix("0000") { return .province }
        return value.hasSuffix("00") ? .city : .county
    }

    /// The prefix every code under this division shares: "32", "3201" or "320102". A
    /// regulator's jurisdiction is stored this way.
    public var jurisdictionPrefix: String {
        switch level {
        case .province: value.field(0..<2)
        case .city: value.field(0..<4)
        case .county: value
        }
    }

    /// 省级代码, e.g. "320000".
    public var provinceCode: String { value.field(0..<2) + "0000" }

    /// 地级代码, e.g. "320100"; `nil` for a province.
    public var cityCode: String? { level == .province ? nil : value.field(0..<4) + "00" }

    /// Whether `other` lies within this division; a division contains itself.
    public func contains(_ other: RegionCode) -> Bool {
        other.value.hasPrefix(jurisdictionPrefix)
    }

    public static func < (lhs: RegionCode, rhs: RegionCode) -> Bool { lhs.value < rhs.value }

    public var description: String { value }
}
