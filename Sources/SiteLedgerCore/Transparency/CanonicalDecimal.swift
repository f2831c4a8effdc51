/// Canonical ASCII decimals, as the C2SP formats write them: digits only, no sign, no
/// leading zeros (except "0" itself), no overflow.
enum CanonicalDecimal {
    static func parse(_ string: some StringProtocol) -> UInt64? {
        let digits = string.utf8
        guard let first = digits.first, digits.count <= 20 else { return nil }
        if first == UInt8(ascii: "0") && digits.count > 1 { return nil }
        var value: UInt64 = 0
        for digit in digits {
            guard digit >= UInt8(ascii: "0"), digit <= UInt8(ascii: "9") else { return nil }
            let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(UInt64(digit - UInt8(ascii: "0")))
            guard !overflow1, !overflow2 else { return nil }
            value = sum
        }
        return value
    }
}
