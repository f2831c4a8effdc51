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
        let digits = Array("0123456789ABCDEF".utf8)
        return String(decoding: [12, 8, 4, 0].map { digits[Int(value >> $0 & 0xF)] }, as: UTF8.self)
    }
}
