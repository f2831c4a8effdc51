/// Standard base64 (RFC 4648 §4) with padding. The decoder accepts only the canonical
/// encoding: length a multiple of 4, padding only at the end, unused bits zero.
enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    private static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (value, character) in alphabet.enumerated() {
            table[Int(character)] = UInt8(value)
        }
        return table
    }()

    static func encode(_ bytes: some Collection<UInt8>) -> String {
        if let string = bytes.withContiguousStorageIfAvailable({ encode(UnsafeRawBufferPointer($0)) }) {
            return string
        }
        return Array(bytes).withUnsafeBytes { encode($0) }
    }

    static func encode(_ bytes: UnsafeRawBufferPointer) -> String {
        let length = (bytes.count + 2) / 3 * 4
        return String(unsafeUninitializedCapacity: length) { output in
            var out = 0
            var i = 0
            while i + 3 <= bytes.count {
                let value = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
                output[out] = alphabet[Int(value >> 18 & 63)]
                output[out + 1] = alphabet[Int(value >> 12 & 63)]
                output[out + 2] = alphabet[Int(value >> 6 & 63)]
                output[out + 3] = alphabet[Int(value & 63)]
                out += 4
                i += 3
            }
            let rest = bytes.count - i
            if rest > 0 {
                var value = UInt32(bytes[i]) << 16
                if rest == 2 { value |= UInt32(bytes[i + 1]) << 8 }
                output[out] = alphabet[Int(value >> 18 & 63)]
                output[out + 1] = alphabet[Int(value >> 12 & 63)]
                output[out + 2] = rest == 2 ? alphabet[Int(value >> 6 & 63)] : UInt8(ascii: "=")
                output[out + 3] = UInt8(ascii: "=")
                out += 4
            }
            return out
        }
    }

    static func decode(_ string: some StringProtocol) -> [UInt8]? {
        let input = Array(string.utf8)
        guard input.count % 4 == 0 else { return nil }
        var padding = 0
        if input.last == UInt8(ascii: "=") {
            padding = input[input.count - 2] == UInt8(ascii: "=") ? 2 : 1
        }
        var output: [UInt8] = []
        output.reserveCapacity(input.count / 4 * 3)
        var i = 0
        while i < input.count {
            var value: UInt32 = 0
            let isLast = i + 4 == input.count
            let significant = isLast ? 4 - padding : 4
            for j in 0..<4 {
                let character = input[i + j]
                let digit: UInt8
                if j >= significant {
                    guard character == UInt8(ascii: "=") else { return nil }
                    digit = 0
                } else {
                    digit = values[Int(character)]
                    guard digit != 0xFF else { return nil }
                }
                value = value << 6 | UInt32(digit)
            }
            output.append(UInt8(value >> 16 & 0xFF))
            if significant >= 3 { output.append(UInt8(value >> 8 & 0xFF)) }
            if significant == 4 { output.append(UInt8(value & 0xFF)) }
            // Canonical form: the bits the padding hides must be zero.
            if significant == 3, value & 0xFF != 0 { return nil }
            if significant == 2, value & 0xFFFF != 0 { return nil }
            i += 4
        }
        return output
    }
}
