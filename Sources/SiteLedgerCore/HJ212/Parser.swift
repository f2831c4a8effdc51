extension HJ212.Packet {
    /// Reads a data segment. Strict about what identifies and dates a packet (MN, CN, a
    /// numeric QN and Flag, a valid DataTime), lenient about what devices in the field do
    /// differently (DOMAIN.md §1): no QN or Flag, a 13-digit QN, PNO before PNUM, `;` between
    /// a factor's sub-fields, a bare `Flag=` inside CP, unknown factor codes.
    public init(parsing frame: HJ212.Frame) throws(HJ212PacketError) {
        try self.init(data: frame.data)
    }

    public init(data: [UInt8]) throws(HJ212PacketError) {
        var reader = Reader()
        try data.withUnsafeBufferPointer { bytes throws(HJ212PacketError) in try reader.read(bytes) }
        guard let deviceID = reader.deviceID, !deviceID.isEmpty else { throw .missingField("MN") }
        guard let command = reader.command else { throw .missingField("CN") }
        self.init(
            requestID: reader.requestID, systemCode: reader.systemCode, command: command, password: reader.password, deviceID: deviceID,
            flag: reader.flag, packetCount: reader.packetCount, packetNumber: reader.packetNumber, dataTime: reader.dataTime,
            fields: HJ212.Fields(data: data, spans: reader.spans), parameters: reader.parameters
        )
    }

    /// One pass over the bytes, item by item, making strings only for the header fields.
    private struct Reader {
        var requestID: String?, systemCode: String?, command: HJ212.Command?, password: String?, deviceID: String?
        var flag: HJ212.Flag?, packetCount: Int?, packetNumber: Int?, dataTime: HJ212.Timestamp?
        var spans: [HJ212.Fields.Span] = []
        var parameters: [String: String] = [:]

        mutating func read(_ bytes: UnsafeBufferPointer<UInt8>) throws(HJ212PacketError) {
            guard let open = Self.cpOpen(in: bytes) else { throw .missingCP }
            guard let close = Self.cpClose(in: bytes, from: open + 5) else { throw .unterminatedCP }
            try Self.forEachItem(in: bytes, 0 ..< open, separatedBy: UInt8(ascii: ";"), or: UInt8(ascii: ";")) { key, value throws(HJ212PacketError) in
                try readHeader(key, value, bytes)
            }
            spans.reserveCapacity(24)
            try Self.forEachItem(in: bytes, open + 5 ..< close, separatedBy: UInt8(ascii: ";"), or: UInt8(ascii: ",")) { key, value throws(HJ212PacketError) in
                try readCP(key, value, bytes)
            }
        }

        private mutating func readHeader(_ key: Range<Int>, _ value: Range<Int>, _ bytes: UnsafeBufferPointer<UInt8>) throws(HJ212PacketError) {
            let name = bytes[key]
            func text() -> String { String(decoding: bytes[value], as: UTF8.self) }
            func number() throws(HJ212PacketError) -> Int {
                guard let number = HJ212.decimal(bytes[value]) else { throw .invalidField(String(decoding: name, as: UTF8.self), value: text()) }
                return number
            }
            switch name.count {
            case 2 where name.spells("QN"): _ = try number(); requestID = text()
            case 2 where name.spells("ST"): systemCode = text()
            case 2 where name.spells("CN"): command = HJ212.Command(rawValue: try number())
            case 2 where name.spells("PW"): password = text()
            case 2 where name.spells("MN"): deviceID = text()
            case 4 where name.spells("Flag"): flag = HJ212.Flag(rawValue: try number())
            case 4 where name.spells("PNUM"): packetCount = try number()
            case 3 where name.spells("PNO"): packetNumber = try number()
            default: break
            }
        }

        private mutating func readCP(_ key: Range<Int>, _ value: Range<Int>, _ bytes: UnsafeBufferPointer<UInt8>) throws(HJ212PacketError) {
            if let dash = bytes[key].firstIndex(of: UInt8(ascii: "-")) {
                spans.append(HJ212.Fields.Span(factor: Self.offsets(key.lowerBound ..< dash), kind: Self.offsets(dash + 1 ..< key.upperBound), value: Self.offsets(value)))
            } else if bytes[key].spells("DataTime") {
                guard let time = HJ212.Timestamp(bytes[value]) else { throw .invalidField("DataTime", value: String(decoding: bytes[value], as: UTF8.self)) }
                dataTime = time
            } else {
                parameters[String(decoding: bytes[key], as: UTF8.self)] = String(decoding: bytes[value], as: UTF8.self)
            }
        }

        /// Calls `body` with the key and value of each non-empty item between separators.
        private static func forEachItem(
            in bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, separatedBy separator: UInt8, or other: UInt8,
            _ body: (Range<Int>, Range<Int>) throws(HJ212PacketError) -> Void
        ) throws(HJ212PacketError) {
            var start = range.lowerBound, equals = -1, index = range.lowerBound
            while index <= range.upperBound {
                let byte = index < range.upperBound ? bytes[index] : separator
                if byte == separator || byte == other {
                    if index > start {
                        guard equals >= 0 else { throw .malformedItem(String(decoding: bytes[start ..< index], as: UTF8.self)) }
                        try body(start ..< equals, equals + 1 ..< index)
                    }
                    (start, equals) = (index + 1, -1)
                } else if byte == UInt8(ascii: "="), equals < 0 {
                    equals = index
                }
                index += 1
            }
        }

        private static func cpOpen(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
            var index = 0
            while index + 5 <= bytes.count {
                if bytes[index] == UInt8(ascii: "C"), bytes[index + 1] == UInt8(ascii: "P"), bytes[index + 2] == UInt8(ascii: "="),
                   bytes[index + 3] == UInt8(ascii: "&"), bytes[index + 4] == UInt8(ascii: "&") { return index }
                index += 1
            }
            return nil
        }

        /// The `&&` that ends CP: the last one in the segment, since CP's items never contain it.
        private static func cpClose(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
            var index = bytes.count - 2
            while index >= start {
                if bytes[index] == UInt8(ascii: "&"), bytes[index + 1] == UInt8(ascii: "&") { return index }
                index -= 1
            }
            return nil
        }

        private static func offsets(_ range: Range<Int>) -> Range<Int32> {
            Int32(range.lowerBound) ..< Int32(range.upperBound)
        }
    }
}
