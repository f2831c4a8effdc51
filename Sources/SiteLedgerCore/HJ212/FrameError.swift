/// Why bytes on an HJ 212 connection were not accepted as a frame.
public enum HJ212FrameError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Bytes before a frame's `##`.
    case garbage(count: Int)
    /// The four characters after `##` are not a decimal length.
    case invalidLength(String)
    /// The length exceeds `HJ212.maxDataLength`.
    case oversized(length: Int)
    /// The four characters after the data segment are not hexadecimal: the length lied.
    case invalidCRC(String)
    case crcMismatch(expected: UInt16, received: UInt16)
    /// The connection ended inside a frame.
    case truncated(count: Int)

    public var description: String {
        switch self {
        case .garbage(let count): "\(count) bytes outside any frame"
        case .invalidLength(let text): "the length field \(text.debugDescription) is not four decimal digits"
        case .oversized(let length): "a data segment of \(length) bytes exceeds \(HJ212.maxDataLength)"
        case .invalidCRC(let text): "\(text.debugDescription) where the CRC should follow the data segment (a wrong length?)"
        case .crcMismatch(let expected, let received):
            "CRC \(HJ212.hex(received)) does not match the data segment's \(HJ212.hex(expected))"
        case .truncated(let count): "the connection ended \(count) bytes into a frame"
        }
    }
}

extension HJ212 {
    /// Four upper-case hexadecimal digits, as frames carry a CRC.
    static func hex(_ value: UInt16) -> String {
        Hex.encode([UInt8(value >> 8), UInt8(value & 0xFF)]).uppercased()
    }

    /// One to eighteen decimal digits, as lengths and header numbers are written.
    static func decimal(_ digits: some Collection<UInt8>) -> Int? {
        guard (1...18).contains(digits.count) else { return nil }
        var value = 0
        for digit in digits {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(digit) else { return nil }
            value = value * 10 + Int(digit - UInt8(ascii: "0"))
        }
        return value
    }
}
