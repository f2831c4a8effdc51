extension HJ212.Packet {
    private static let cpOpen = Array("CP=&&".utf8)

    /// Reads a data segment. Strict about what identifies and dates a packet (MN, CN, a
    /// numeric QN and Flag, a valid DataTime), lenient about what devices in the field do
    /// differently (DOMAIN.md §1): no QN or Flag, a 13-digit QN, PNO before PNUM, `;` between
    /// a factor's sub-fields, a bare `Flag=` inside CP, unknown factor codes.
    public init(parsing frame: HJ212.Frame) throws(HJ212PacketError) {
        try self.init(data: frame.data[...])
    }

    public init(data: ArraySlice<UInt8>) throws(HJ212PacketError) {
        guard let open = Self.firstIndex(of: Self.cpOpen, in: data) else { throw .missingCP }
        let bodyStart = open + Self.cpOpen.count
        guard let close = Self.lastCPClose(in: data, after: bodyStart) else { throw .unterminatedCP }
        var header = Header()
        for item in data[data.startIndex ..< open].split(separator: UInt8(ascii: ";")) {
            try header.read(item)
        }
        guard let deviceID = header.deviceID, !deviceID.isEmpty else { throw .missingField("MN") }
        guard let command = header.command else { throw .missingField("CN") }
        self.init(
            requestID: header.requestID, systemCode: header.systemCode, command: command, password: header.password, deviceID: deviceID,
            flag: header.flag, packetCount: header.packetCount, packetNumber: header.packetNumber
        )
        for item in data[bodyStart ..< close].split(whereSeparator: { $0 == UInt8(ascii: ";") || $0 == UInt8(ascii: ",") }) {
            try read(item)
        }
    }

    private mutating func read(_ item: ArraySlice<UInt8>) throws(HJ212PacketError) {
        guard let equals = item.firstIndex(of: UInt8(ascii: "=")) else { throw .malformedItem(String(decoding: item, as: UTF8.self)) }
        let key = item[item.startIndex ..< equals], value = item[(equals + 1)...]
        if key.elementsEqual("DataTime".utf8) {
            guard let time = HJ212.Timestamp(value) else { throw .invalidField("DataTime", value: String(decoding: value, as: UTF8.self)) }
            dataTime = time
        } else if let dash = key.firstIndex(of: UInt8(ascii: "-")) {
            fields.append(HJ212.Field(String(decoding: key[key.startIndex ..< dash], as: UTF8.self), String(decoding: key[(dash + 1)...], as: UTF8.self),
                                      String(decoding: value, as: UTF8.self)))
        } else {
            parameters[String(decoding: key, as: UTF8.self)] = String(decoding: value, as: UTF8.self)
        }
    }

    private struct Header {
        var requestID: String?, systemCode: String?, command: HJ212.Command?, password: String?, deviceID: String?
        var flag: HJ212.Flag?, packetCount: Int?, packetNumber: Int?

        mutating func read(_ item: ArraySlice<UInt8>) throws(HJ212PacketError) {
            guard let equals = item.firstIndex(of: UInt8(ascii: "=")) else { throw .malformedItem(String(decoding: item, as: UTF8.self)) }
            let key = String(decoding: item[item.startIndex ..< equals], as: UTF8.self), value = item[(equals + 1)...]
            func text() -> String { String(decoding: value, as: UTF8.self) }
            func number() throws(HJ212PacketError) -> Int {
                guard (1...18).contains(value.count), let number = Int(text()), number >= 0 else { throw .invalidField(key, value: text()) }
                return number
            }
            switch key {
            case "QN":
                _ = try number()
                requestID = text()
            case "ST": systemCode = text()
            case "CN": command = HJ212.Command(rawValue: try number())
            case "PW": password = text()
            case "MN": deviceID = text()
            case "Flag": flag = HJ212.Flag(rawValue: try number())
            case "PNUM": packetCount = try number()
            case "PNO": packetNumber = try number()
            default: break
            }
        }
    }

    private static func firstIndex(of pattern: [UInt8], in data: ArraySlice<UInt8>) -> Int? {
        guard data.count >= pattern.count else { return nil }
        return (data.startIndex ... data.endIndex - pattern.count).first { data[$0 ..< $0 + pattern.count].elementsEqual(pattern) }
    }

    /// The `&&` that ends CP: the last one in the segment, since CP's items never contain it.
    private static func lastCPClose(in data: ArraySlice<UInt8>, after start: Int) -> Int? {
        var index = data.endIndex - 2
        while index >= start {
            if data[index] == UInt8(ascii: "&"), data[index + 1] == UInt8(ascii: "&") { return index }
            index -= 1
        }
        return nil
    }
}
