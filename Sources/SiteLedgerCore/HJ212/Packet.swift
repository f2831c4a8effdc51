extension HJ212 {
    /// A data segment, read: the header fields and what CP carries.
    public struct Packet: Sendable, Equatable {
        /// QN, the request id (`YYYYMMDDhhmmsszzz`; some devices send a 13-digit epoch, some none).
        public var requestID: String?
        /// ST, the system code: 39 工地扬尘污染源, 22 air quality, 23 acoustic environment, 91
        /// system interaction; the device's configuration decides what it means.
        public var systemCode: String?
        /// CN.
        public var command: Command
        /// PW, the access password.
        public var password: String?
        /// MN, the device id.
        public var deviceID: String
        /// Absent in 2005-style packets.
        public var flag: Flag?
        /// PNUM and PNO of a split packet (分包).
        public var packetCount: Int?
        public var packetNumber: Int?
        /// CP's `DataTime`: the sampling instant for 2011, the period's start for 2051/2061/2031.
        public var dataTime: Timestamp?
        /// Factor fields in the order they came, unknown factor codes included.
        public var fields: Fields
        /// CP's other `key=value` items: `RtdInterval`, `QnRtn`, `ExeRtn`, `SystemTime`, and the
        /// bare `Flag` some devices put in CP, which is not the header's.
        public var parameters: [String: String]

        public init(
            requestID: String? = nil, systemCode: String? = nil, command: Command, password: String? = nil, deviceID: String,
            flag: Flag? = nil, packetCount: Int? = nil, packetNumber: Int? = nil, dataTime: Timestamp? = nil,
            fields: Fields = [], parameters: [String: String] = [:]
        ) {
            self.requestID = requestID
            self.systemCode = systemCode
            self.command = command
            self.password = password
            self.deviceID = deviceID
            self.flag = flag
            self.packetCount = packetCount
            self.packetNumber = packetNumber
            self.dataTime = dataTime
            self.fields = fields
            self.parameters = parameters
        }

        /// The protocol version to answer in: the Flag's, else 2005 (no Flag).
        public var version: Version { flag?.version ?? .v2005 }

        /// The value of `factor`'s field `kind` (`Rtd`, `Avg`, …) as a number, if it is one.
        public func value(_ factor: String, _ kind: String) -> Double? {
            fields.value(factor, kind)
        }
    }

    /// CN, the command code.
    public struct Command: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }

        public static let readTime = Command(rawValue: 1011)
        public static let setTime = Command(rawValue: 1012)
        public static let setRealTimeInterval = Command(rawValue: 1062)
        public static let setMinuteInterval = Command(rawValue: 1064)
        public static let realTimeData = Command(rawValue: 2011)
        public static let dayData = Command(rawValue: 2031)
        public static let minuteData = Command(rawValue: 2051)
        public static let hourData = Command(rawValue: 2061)
        public static let restartTime = Command(rawValue: 2081)
        public static let requestAnswer = Command(rawValue: 9011)
        public static let executionResult = Command(rawValue: 9012)
        public static let noticeAnswer = Command(rawValue: 9013)
        public static let dataAnswer = Command(rawValue: 9014)

        public var description: String { String(rawValue) }
    }

    /// The header's Flag, bits `V5..V0 D A`: the protocol version, D = split packet (PNUM and
    /// PNO present), A = the sender wants an answer.
    public struct Flag: RawRepresentable, Hashable, Sendable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }

        public init(version: Version, split: Bool = false, needsAnswer: Bool = false) {
            rawValue = version.bits << 2 | (split ? 2 : 0) | (needsAnswer ? 1 : 0)
        }

        public var version: Version { Version(bits: rawValue >> 2) }
        public var isSplit: Bool { rawValue & 2 != 0 }
        public var needsAnswer: Bool { rawValue & 1 != 0 }
    }

    /// 协议版本, from the Flag's upper six bits.
    public enum Version: Hashable, Sendable {
        case v2005, v2017, v2025
        case other(bits: Int)

        init(bits: Int) {
            switch bits {
            case 0: self = .v2005
            case 1: self = .v2017
            case 2: self = .v2025
            default: self = .other(bits: bits)
            }
        }

        var bits: Int {
            switch self {
            case .v2005: 0
            case .v2017: 1
            case .v2025: 2
            case .other(let bits): bits
            }
        }
    }
}
