/// Which series an upload belongs to: the HJ 212 command that carried it.
public enum DataKind: Int, CaseIterable, Codable, Sendable {
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
}
