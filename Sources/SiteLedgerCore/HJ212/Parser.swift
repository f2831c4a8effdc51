import Foundation

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
        func text(_ range: Range<Int>) -> String { String(decoding: data[range], as: UTF8.self) }
        self.init(
            requestID: reader.requestID.map(text), systemCode: reader.systemCode.map(text), command: command, password: reader.password.map(text),
            deviceID: text(deviceID),
            flag: reader.flag, packetCount: reader.packetCount, packetNumber: reader.packetNumber, dataTime: reader.dataTime,
            fields: HJ212.Fields(data: data, spans: reader.spans), parameters: reader.parameters
        )
    }

    /// One pass over the bytes, item by item, making no strings: the header's text fields are
    /// kept as where they lie, and made into strings once the packet is read. (As strings in
    /// the reader, each was retained for the packet and released with the reader.)
    private struct Reader {
        var requestID: Range<Int>?, systemCode: Range<Int>?, command: HJ212.Command?, password: Range<Int>?, deviceID: Range<Int>?
        var flag: HJ212.Flag?, packetCount: Int?, packetNumber: Int?, dataTime: HJ212.Timestamp?
        var spans: [HJ212.Fields.Span] = []
        var parameters: [String: String] = [:]

        mutating func read(_ bytes: UnsafeBufferPointer<UInt8>) throws(HJ212PacketError) {
            guard let open = Self.cpOpen(in: bytes) else { throw .missingCP }
            guard let close = Self.cpClose(in: bytes, from: open + 5) else { throw .unterminatedCP }
            try ByteClass.table.withUnsafeBufferPointer { classes throws(HJ212PacketError) in
                var header = Items(0 ..< open, of: bytes, classes: classes, separators: .semicolon)
                while let item = try header.next() { try readHeader(item, bytes) }
                var cp = Items(open + 5 ..< close, of: bytes, classes: classes, separators: [.semicolon, .comma])
                spans.reserveCapacity(24)
                while let item = try cp.next() {
                    guard let dash = item.dash else { try readParameter(item, bytes); continue }
                    spans.append(HJ212.Fields.Span(item, dash: dash))
                }
            }
        }

        private mutating func readHeader(_ item: Item, _ bytes: UnsafeBufferPointer<UInt8>) throws(HJ212PacketError) {
            let name = bytes[item.key]
            func number() throws(HJ212PacketError) -> Int {
                guard let number = HJ212.decimal(bytes[item.value]) else { throw .invalidField(Self.text(name), value: Self.text(bytes[item.value])) }
                return number
            }
            switch Self.packed(name) {
            case Self.qn: _ = try number(); requestID = item.value
            case Self.st: systemCode = item.value
            case Self.cn: command = HJ212.Command(rawValue: try number())
            case Self.pw: password = item.value
            case Self.mn: deviceID = item.value
            case Self.flag: flag = HJ212.Flag(rawValue: try number())
            case Self.pnum: packetCount = try number()
            case Self.pno: packetNumber = try number()
            default: break
            }
        }

        private static let (qn, st, cn, pw, mn) = (packed("QN"), packed("ST"), packed("CN"), packed("PW"), packed("MN"))
        private static let (flag, pnum, pno) = (packed("Flag"), packed("PNUM"), packed("PNO"))

        /// A header name of up to four bytes and its length as one number, so that one switch of
        /// integers tells the names apart; longer names, none of them the reader's, give 0.
        private static func packed(_ name: some Collection<UInt8>) -> UInt64 {
            name.count <= 4 ? name.reduce(UInt64(name.count)) { $0 << 8 | UInt64($1) } : 0
        }

        private static func packed(_ name: StaticString) -> UInt64 {
            packed(UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
        }

        /// A CP item other than a factor field.
        private mutating func readParameter(_ item: Item, _ bytes: UnsafeBufferPointer<UInt8>) throws(HJ212PacketError) {
            let (key, value) = (item.key, item.value)
            if bytes[key].spells("DataTime") {
                guard let time = HJ212.Timestamp(bytes[value]) else { throw .invalidField("DataTime", value: Self.text(bytes[value])) }
                dataTime = time
            } else {
                parameters[Self.text(bytes[key])] = Self.text(bytes[value])
            }
        }

        private static func text(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> String {
            String(decoding: bytes, as: UTF8.self)
        }

        /// The first `CP=&&`, found from its `&&`: the header has no `&` before it, so libc's
        /// vectorized `memchr` passes over the header at once instead of byte by byte.
        private static func cpOpen(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
            guard let base = bytes.baseAddress else { return nil }
            var from = 3
            while from + 1 < bytes.count, let found = memchr(base + from, Int32(UInt8(ascii: "&")), bytes.count - from - 1) {
                let index = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                if bytes[index + 1] == UInt8(ascii: "&"), bytes[index - 3 ..< index].spells("CP=") { return index - 3 }
                from = index + 1
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
    }
}

extension HJ212.Fields.Span {
    fileprivate init(_ item: HJ212.Packet.Item, dash: Int) {
        self.init(start: Int32(item.key.lowerBound), dash: Int32(dash), equals: Int32(item.key.upperBound), end: Int32(item.value.upperBound))
    }
}
