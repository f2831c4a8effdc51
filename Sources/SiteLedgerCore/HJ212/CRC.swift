extension HJ212 {
    /// The checksum of HJ 212-2017 Appendix A over a frame's data segment. It is not
    /// CRC-16/MODBUS: each byte is folded into the register after shifting it right by eight,
    ///
    ///     crc = (crc >> 8) ^ byte;  8 times: lsb = crc & 1; crc >>= 1; if lsb { crc ^= 0xA001 }
    ///
    /// so the register before the eight shifts is always below 256 and the running state is
    /// one byte, `h`, the register's high byte: `h' = S(h ^ byte)`, where S is what the eight
    /// shifts make of a value, high byte. S is linear over GF(2), so eight steps fold into
    /// `S⁸(h ^ b₀) ^ S⁷(b₁) ^ … ^ S¹(b₇)`, whose terms but the first do not wait for `h`
    /// (slicing-by-8). The last byte's eight shifts give the whole 16-bit register.
    public static func crc<Bytes: Collection<UInt8>>(_ data: Bytes) -> UInt16 {
        data.withContiguousStorageIfAvailable(crc) ?? crc(Array(data))
    }

    public static func crc(_ data: UnsafeBufferPointer<UInt8>) -> UInt16 {
        guard let last = data.last else { return 0xFFFF }
        return CRCTables.slices.withUnsafeBufferPointer { s in
            var h: UInt8 = 0xFF, index = 0
            let bulkEnd = (data.count - 1) / 8 * 8
            while index < bulkEnd {
                h = s[7 << 8 | Int(h ^ data[index])] ^ s[6 << 8 | Int(data[index + 1])] ^ s[5 << 8 | Int(data[index + 2])]
                    ^ s[4 << 8 | Int(data[index + 3])] ^ s[3 << 8 | Int(data[index + 4])] ^ s[2 << 8 | Int(data[index + 5])]
                    ^ s[1 << 8 | Int(data[index + 6])] ^ s[Int(data[index + 7])]
                index += 8
            }
            while index < data.count - 1 {
                h = s[Int(h ^ data[index])]
                index += 1
            }
            return CRCTables.shifts[Int(h ^ last)]
        }
    }

    private enum CRCTables {
        /// What the eight shifts make of each value below 256.
        static let shifts: [UInt16] = (0..<256).map { value in
            var crc = UInt16(value)
            for _ in 0..<8 { crc = crc & 1 != 0 ? (crc >> 1) ^ 0xA001 : crc >> 1 }
            return crc
        }

        /// Row k (k = 0…7) maps x to S^(k+1)(x), S(x) being the high byte of `shifts[x]`.
        static let slices: [UInt8] = {
            let step = shifts.map { UInt8($0 >> 8) }
            var rows = [step]
            for _ in 1..<8 { rows.append(rows.last!.map { step[Int($0)] }) }
            return rows.flatMap { $0 }
        }()
    }
}
