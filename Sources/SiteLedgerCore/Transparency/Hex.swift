/// Hexadecimal digits: lower-case out, either case in.
public enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        String(unsafeUninitializedCapacity: bytes.count * 2) { output in
            var out = 0
            for byte in bytes {
                output[out] = digits[Int(byte >> 4)]
                output[out + 1] = digits[Int(byte & 15)]
                out += 2
            }
            return out
        }
    }

    static func encode(_ value: UInt32) -> String {
        encode([UInt8(value >> 24 & 0xFF), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)])
    }

    static func value(of character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): character - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    static func decode(_ string: some StringProtocol) -> [UInt8]? {
        let input = Array(string.utf8)
        guard input.count % 2 == 0 else { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(input.count / 2)
        var i = 0
        while i < input.count {
            guard let high = value(of: input[i]), let low = value(of: input[i + 1]) else { return nil }
            output.append(high << 4 | low)
            i += 2
        }
        return output
    }

    /// Exactly eight hexadecimal digits, as in note key ids.
    static func decodeUInt32(_ string: some StringProtocol) -> UInt32? {
        guard string.utf8.count == 8, let bytes = decode(string) else { return nil }
        return bytes.reduce(0) { $0 << 8 | UInt32($1) }
    }
}
