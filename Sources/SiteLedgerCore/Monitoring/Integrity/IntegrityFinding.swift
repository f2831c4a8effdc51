/// 数据异常线索 — one episode of suspect data of one device, with the numbers that prove it and
/// a sentence a regulator understands.
public struct IntegrityFinding: Codable, Sendable, Equatable {
    public let kind: FindingKind
    /// MN.
    public let deviceID: String
    /// The episode's first and last `DataTime` (unix seconds); for `timeTravel`, whose
    /// DataTimes are what is wrong, its first and last arrival.
    public let from: Int
    public let to: Int
    /// The factor concerned; nil when the finding is about the whole reading.
    public let factor: Factor?
    /// The other device of a `replay`.
    public let otherDeviceID: String?
    /// The numbers behind the finding, by name (`readings`, `value`, `neighbourMeanPM10`, …).
    public let evidence: [String: String]
    /// 说明, e.g. "PM10 连续 3 小时恒为 38.0 µg/m³，真实空气不会如此平稳".
    public let explanationZH: String

    public init(
        kind: FindingKind, deviceID: String, from: Int, to: Int, factor: Factor? = nil, otherDeviceID: String? = nil,
        evidence: [String: String], explanationZH: String
    ) {
        self.kind = kind
        self.deviceID = deviceID
        self.from = from
        self.to = to
        self.factor = factor
        self.otherDeviceID = otherDeviceID
        self.evidence = evidence
        self.explanationZH = explanationZH
    }
}
