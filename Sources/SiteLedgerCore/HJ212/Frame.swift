extension HJ212 {
    /// A frame whose length and CRC have been checked: `##` + four decimal digits giving the
    /// data segment's length in bytes + the data segment + four hexadecimal digits of its CRC
    /// + `\r\n` (HJ 212-2017 §6.3; the line end may be missing).
    public struct Frame: Sendable, Equatable {
        /// The data segment, `QN=…;ST=…;…;CP=&&…&&`.
        public let data: [UInt8]

        public init(data: [UInt8]) {
            self.data = data
        }

        public init(_ data: String) {
            self.init(data: Array(data.utf8))
        }

        /// The bytes on the wire, with the line end.
        public var bytes: [UInt8] {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(data.count + 12)
            let length = String(data.count).utf8
            bytes += "##".utf8
            bytes += repeatElement(UInt8(ascii: "0"), count: max(0, 4 - length.count))
            bytes += length
            bytes += data
            let crc = HJ212.crc(data)
            for shift: UInt16 in [12, 8, 4, 0] { bytes.append(Self.hexDigits[Int((crc >> shift) & 0xF)]) }
            bytes += [0x0D, 0x0A]
            return bytes
        }

        private static let hexDigits = Array("0123456789ABCDEF".utf8)

        /// Exactly one frame, checked as the framer checks it; the line end is optional.
        public init(bytes: some Collection<UInt8>) throws(HJ212FrameError) {
            var framer = Framer()
            framer.append(bytes)
            switch framer.next() {
            case .frame(let frame)?:
                switch framer.finish() {
                case nil: self = frame
                case .truncated(let count)?: throw .garbage(count: count)
                case let trailing?: throw trailing
                }
            case .rejected(let error)?: throw error
            case nil: throw framer.finish() ?? .truncated(count: 0)
            }
        }
    }
}
