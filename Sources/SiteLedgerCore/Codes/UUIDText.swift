import Foundation

extension UUID {
    /// `uuidString`'s text, 8-4-4-4-12 upper-case hexadecimal digits, written without the
    /// `snprintf` behind it: SQLite keys every reading by its device's id as text, at
    /// thousands of readings a second.
    public var canonicalText: String {
        withUnsafeBytes(of: uuid) { bytes in
            String(unsafeUninitializedCapacity: 36) { text in
                var end = 0
                for (position, byte) in bytes.enumerated() {
                    if Self.hyphenPrecedes(position) {
                        text[end] = UInt8(ascii: "-")
                        end += 1
                    }
                    text[end] = Self.upperDigits[Int(byte >> 4)]
                    text[end + 1] = Self.upperDigits[Int(byte & 15)]
                    end += 2
                }
                return end
            }
        }
    }

    /// Reads `canonicalText` in either case, as `UUID(uuidString:)` does, without the
    /// `sscanf` behind it.
    public init?(canonicalText: String) {
        var text = canonicalText
        guard let uuid = text.withUTF8(Self.parse) else { return nil }
        self.init(uuid: uuid)
    }

    private static func parse(_ text: UnsafeBufferPointer<UInt8>) -> uuid_t? {
        guard text.count == 36 else { return nil }
        var uuid: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        let parsed = withUnsafeMutableBytes(of: &uuid) { bytes in
            var next = 0
            for position in 0..<16 {
                if hyphenPrecedes(position) {
                    guard text[next] == UInt8(ascii: "-") else { return false }
                    next += 1
                }
                guard let high = Hex.value(of: text[next]), let low = Hex.value(of: text[next + 1]) else { return false }
                bytes[position] = high << 4 | low
                next += 2
            }
            return true
        }
        return parsed ? uuid : nil
    }

    /// Whether a hyphen comes before the byte at `position`: 8-4-4-4-12 digits.
    private static func hyphenPrecedes(_ position: Int) -> Bool {
        (4...10).contains(position) && position % 2 == 0
    }

    private static let upperDigits = Array("0123456789ABCDEF".utf8)
}
