extension HJ212 {
    /// The checksum of HJ 212-2017 Appendix A over a frame's data segment. It is not
    /// CRC-16/MODBUS: each byte is folded into the register's low byte after shifting the
    /// register right by eight.
    public static func crc<Bytes: Collection<UInt8>>(_ data: Bytes) -> UInt16 {
        var crc: UInt16 = 0xFFFF
        for byte in data {
            crc = (crc >> 8) ^ UInt16(byte)
            for _ in 0..<8 {
                let lsb = crc & 1
                crc >>= 1
                if lsb != 0 { crc ^= 0xA001 }
            }
        }
        return crc
    }
}
