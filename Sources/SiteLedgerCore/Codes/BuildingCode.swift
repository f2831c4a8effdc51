/// 房屋建筑统一编码 — building code format.
///
/// JGJ/T 496-2022 is the national standard for this code, but its structure could not be
/// obtained, so the format is pluggable: the national one can replace SiteLedger's default
/// without touching the code that assigns and checks building codes.
public protocol BuildingCodeFormat: Sendable {
    /// Stored with each assigned code so codes of different formats can coexist.
    var name: String { get }
    /// The largest serial number a county can assign in one year.
    var maxSerial: Int { get }
    func make(county: RegionCode, year: Int, serial: Int) throws(CodeError) -> String
    func parse(_ code: String) throws(CodeError) -> BuildingCodeParts
}

/// The fields a building code carries.
public struct BuildingCodeParts: Hashable, Sendable {
    /// The division that assigned the code; usually a county, but a prefecture-level city
    /// without counties (东莞 441900) assigns its own.
    public let county: RegionCode
    public let year: Int
    public let serial: Int

    public init(county: RegionCode, year: Int, serial: Int) {
        self.county = county
        self.year = year
        self.serial = serial
    }
}

/// SiteLedger's default building code: 6-digit division + 4-digit year of assignment +
/// 7-digit serial + ISO 7064 MOD 11-2 check character = 18 characters, read like an ID
/// number so the same tools and habits apply.
public struct SiteLedgerBuildingCodeFormat: BuildingCodeFormat {
    public let name = "siteledger-v1"
    public let maxSerial = 9_999_999
    private let years = 1000...9999

    public init() {}

    public func make(county: RegionCode, year: Int, serial: Int) throws(CodeError) -> String {
        guard years.contains(year) else { throw .invalidDate(String(year)) }
        try requireSerial(serial)
        let body = county.value + String(year) + zeroPadded(serial, width: 7)
        return body + String(ISO7064.mod11_2CheckCharacter(values: body.compactMap(\.asciiDigitValue)))
    }

    public func parse(_ code: String) throws(CodeError) -> BuildingCodeParts {
        let code = code.normalizedCode
        try ISO7064.requireMod11_2Shape(code)
        let parts = BuildingCodeParts(
            county: try RegionCode(code.field(0..<6)), year: code.number(6..<10), serial: code.number(10..<17))
        guard years.contains(parts.year) else { throw .invalidDate(code.field(6..<10)) }
        try requireSerial(parts.serial)
        try ISO7064.requireMod11_2Check(code)
        return parts
    }

    /// Serial 0 is never assigned, so a code carrying it is a typing error.
    private func requireSerial(_ serial: Int) throws(CodeError) {
        guard (1...maxSerial).contains(serial) else {
            throw .malformed("serial \(serial) is outside 1...\(maxSerial)")
        }
    }

    private func zeroPadded(_ number: Int, width: Int) -> String {
        let digits = String(number)
        return String(repeating: "0", count: width - digits.count) + digits
    }
}
