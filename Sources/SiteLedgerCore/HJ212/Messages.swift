extension HJ212 {
    /// 请求应答 QnRtn (CN 9011).
    public enum RequestResult: Int, Sendable {
        case ready = 1, rejected = 2, wrongPassword = 3, unknownDevice = 4, wrongSystemCode = 5, wrongFlag = 6
        case wrongRequestID = 7, unknownCommand = 8, wrongCRC = 9, unknown = 100
    }

    /// 执行结果 ExeRtn (CN 9012).
    public enum ExecutionResult: Int, Sendable {
        case succeeded = 1, failed = 2, conditionNotMet = 3, timedOut = 4, busy = 5, deviceFault = 6, noData = 100
    }

    /// Where a command goes: the device, in the terms of its own packets.
    public struct Device: Sendable {
        public let deviceID: String
        public let password: String?
        public let systemCode: String
        public let version: Version

        public init(deviceID: String, password: String?, systemCode: String, version: Version) {
            self.deviceID = deviceID
            self.password = password
            self.systemCode = systemCode
            self.version = version
        }
    }

    /// 数据应答 (CN 9014): the acknowledgement of an upload whose Flag asks for one, with its QN,
    /// in its version.
    public static func dataAnswer(to packet: Packet) -> Frame {
        answer(.dataAnswer, to: packet, parameters: [:])
    }

    /// 请求应答 (CN 9011): whether a request will be carried out.
    public static func requestAnswer(_ result: RequestResult, to packet: Packet) -> Frame {
        answer(.requestAnswer, to: packet, parameters: ["QnRtn": String(result.rawValue)])
    }

    /// 执行结果 (CN 9012).
    public static func executionResult(_ result: ExecutionResult, to packet: Packet) -> Frame {
        answer(.executionResult, to: packet, parameters: ["ExeRtn": String(result.rawValue)])
    }

    /// 提取现场机时间 (CN 1011).
    public static func readTime(of device: Device, requestID: String) -> Frame {
        command(.readTime, to: device, requestID: requestID, parameters: [:])
    }

    /// 设置现场机时间 (CN 1012).
    public static func setTime(of device: Device, to time: Timestamp, requestID: String) -> Frame {
        command(.setTime, to: device, requestID: requestID, parameters: ["SystemTime": time.description])
    }

    /// 设置实时数据间隔 (CN 1062), in seconds.
    public static func setRealTimeInterval(of device: Device, seconds: Int, requestID: String) -> Frame {
        command(.setRealTimeInterval, to: device, requestID: requestID, parameters: ["RtdInterval": String(seconds)])
    }

    /// 设置分钟数据间隔 (CN 1064), in minutes.
    public static func setMinuteInterval(of device: Device, minutes: Int, requestID: String) -> Frame {
        command(.setMinuteInterval, to: device, requestID: requestID, parameters: ["MinInterval": String(minutes)])
    }

    /// A QN for a command sent at `milliseconds` since the Unix epoch: `YYYYMMDDhhmmsszzz`, Beijing time.
    public static func requestID(atMilliseconds milliseconds: Int) -> String {
        let fraction = milliseconds % 1000
        return Timestamp(secondsSince1970: milliseconds / 1000).description + String(fraction + 1000).dropFirst()
    }

    /// Answers carry ST 91 (system interaction) and no A bit.
    private static func answer(_ command: Command, to packet: Packet, parameters: [String: String]) -> Frame {
        Packet(requestID: packet.requestID, systemCode: "91", command: command, password: packet.password, deviceID: packet.deviceID,
               flag: Flag(version: packet.version), parameters: parameters).frame
    }

    /// Commands carry the device's own ST and ask for an answer.
    private static func command(_ command: Command, to device: Device, requestID: String, parameters: [String: String]) -> Frame {
        Packet(requestID: requestID, systemCode: device.systemCode, command: command, password: device.password, deviceID: device.deviceID,
               flag: Flag(version: device.version, needsAnswer: true), parameters: parameters).frame
    }
}

extension HJ212.Packet {
    /// The packet as a frame: header fields in the standard's order, then CP with DataTime,
    /// the parameters by name, and the fields, a factor's sub-fields joined by `,` and factors
    /// by `;` (HJ 212-2017 §6.3.3).
    public var frame: HJ212.Frame {
        frame(capacity: 160 + fields.count * 24) { segment in
            for field in fields { segment.item(field.factor, kind: field.kind, field.value) }
        }
    }

    /// The frame with CP's factor fields written by `writeFields` in place of `fields`: for the
    /// simulator, which holds its values as numbers and would only build fields to write them.
    func frame(capacity: Int, writingFields writeFields: (inout DataSegment) -> Void) -> HJ212.Frame {
        var segment = DataSegment(capacity: capacity)
        segment.item("QN", requestID)
        segment.item("ST", systemCode)
        segment.item("CN", command.description)
        segment.item("PW", password)
        segment.item("MN", deviceID)
        segment.item("Flag", flag.map { String($0.rawValue) })
        segment.item("PNUM", packetCount.map(String.init))
        segment.item("PNO", packetNumber.map(String.init))
        segment.openCP()
        segment.item("DataTime", dataTime?.description)
        for (name, value) in parameters.sorted(by: { $0.key < $1.key }) { segment.item(name, value) }
        writeFields(&segment)
        segment.closeCP()
        return HJ212.Frame(data: segment.bytes)
    }
}

/// A data segment as it is written, straight into bytes: the simulator and every answer
/// come through here, thousands of times a second.
struct DataSegment {
    private(set) var bytes: [UInt8] = []
    private var isFirstItem = true
    /// The factor of the field written last, nil after any other item.
    private var previousFactor: String?

    init(capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    /// `name=value`, or `name-kind=value` for a factor's field; nothing for no value. Items are
    /// separated by `;`, consecutive fields of one factor by `,`.
    mutating func item(_ name: String, kind: String? = nil, _ value: String?) {
        guard let value else { return }
        if !isFirstItem { bytes.append(kind != nil && previousFactor == name ? UInt8(ascii: ",") : UInt8(ascii: ";")) }
        isFirstItem = false
        previousFactor = kind == nil ? nil : name
        append(name)
        if let kind {
            bytes.append(UInt8(ascii: "-"))
            append(kind)
        }
        bytes.append(UInt8(ascii: "="))
        append(value)
    }

    mutating func openCP() {
        append(";CP=&&")
        isFirstItem = true
    }

    mutating func closeCP() {
        append("&&")
    }

    private mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }
}
