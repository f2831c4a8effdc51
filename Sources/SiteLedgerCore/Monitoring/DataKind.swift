/// Which series an upload belongs to: the HJ 212 command that carried it.
public enum DataKind: Int, CaseIterable, Codable, Sendable, Comparable {
    /// 实时数据 (CN 2011): `DataTime` is the sampling instant.
    case realTime = 2011
    /// 分钟数据 (CN 2051): `DataTime` starts the minute period.
    case minute = 2051
    /// 小时数据 (CN 2061).
    case hour = 2061
    /// 日数据 (CN 2031).
    case day = 2031

    /// The field whose value the series carries: `Rtd` for real-time data, the period's mean
    /// (`Avg`) otherwise.
    public var valueKind: StaticString { self == .realTime ? "Rtd" : "Avg" }

    /// Finer before coarser: real-time, minute, hour, day. Not by command number, where the
    /// day's 2031 comes before the minute's 2051.
    public static func < (lhs: DataKind, rhs: DataKind) -> Bool { lhs.period < rhs.period }

    /// Seconds each value stands for; real-time data stands for an instant.
    private var period: Int {
        switch self {
        case .realTime: 0
        case .minute: 60
        case .hour: 3600
        case .day: 86_400
        }
    }
}
