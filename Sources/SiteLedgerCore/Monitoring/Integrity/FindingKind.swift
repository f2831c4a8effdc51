/// What an integrity finding says is wrong with a device's data.
public enum FindingKind: String, CaseIterable, Codable, Sendable {
    /// 数据恒值 — a value that does not move.
    case flatLine
    /// 数据异常 — a value no air or sensor can have.
    case impossibleValue
    /// 数据突变 — a change faster than air changes.
    case jump
    /// 时间异常 — DataTime far from the arrival time, or running backwards.
    case timeTravel
    /// 数据套用 — another device's series sent as one's own.
    case replay
    /// 数据归零 — particulates at zero while the surrounding air is dusty.
    case zeroed

    public var nameZH: String {
        switch self {
        case .flatLine: "数据恒值"
        case .impossibleValue: "数据异常"
        case .jump: "数据突变"
        case .timeTravel: "时间异常"
        case .replay: "数据套用"
        case .zeroed: "数据归零"
        }
    }
}
