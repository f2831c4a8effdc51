/// 空气质量指数级别 for a PM10 concentration, by the IAQI breakpoints of HJ 633-2012 (table 1:
/// 50, 150, 250, 350, 420 µg/m³ for IAQI 50, 100, 150, 200, 300) and the colours of its
/// table 2, which the public knows from every air-quality report. Each breakpoint belongs to
/// the level below it: 50 µg/m³ is still 优.
public enum PM10Level: CaseIterable, Sendable {
    /// 优, up to 50 µg/m³.
    case excellent
    /// 良, up to 150.
    case good
    /// 轻度污染, up to 250.
    case lightlyPolluted
    /// 中度污染, up to 350.
    case moderatelyPolluted
    /// 重度污染, up to 420.
    case heavilyPolluted
    /// 严重污染, above 420.
    case severelyPolluted

    /// The level of `pm10` µg/m³ (finite; anything up to 50, negative readings included, is 优).
    public init(pm10: Double) {
        self = Self.allCases.first { pm10 <= $0.upperBound } ?? .severelyPolluted
    }

    /// The level's highest concentration, µg/m³; infinity for 严重污染.
    public var upperBound: Double {
        switch self {
        case .excellent: 50
        case .good: 150
        case .lightlyPolluted: 250
        case .moderatelyPolluted: 350
        case .heavilyPolluted: 420
        case .severelyPolluted: .infinity
        }
    }

    /// The level's name as reports write it.
    public var nameZH: String {
        switch self {
        case .excellent: "优"
        case .good: "良"
        case .lightlyPolluted: "轻度污染"
        case .moderatelyPolluted: "中度污染"
        case .heavilyPolluted: "重度污染"
        case .severelyPolluted: "严重污染"
        }
    }

    /// HJ 633-2012's colour, as `#rrggbb`: green, yellow, orange, red, purple, maroon.
    public var color: String {
        switch self {
        case .excellent: "#00e400"
        case .good: "#ffff00"
        case .lightlyPolluted: "#ff7e00"
        case .moderatelyPolluted: "#ff0000"
        case .heavilyPolluted: "#99004c"
        case .severelyPolluted: "#7e0023"
        }
    }

    /// The concentrations the level covers, for legends: "0–50", "50–150", …, ">420".
    public var rangeText: String {
        guard let index = Self.allCases.firstIndex(of: self), index > 0 else { return "0–\(Int(upperBound))" }
        let lower = Int(Self.allCases[index - 1].upperBound)
        return upperBound.isFinite ? "\(lower)–\(Int(upperBound))" : ">\(lower)"
    }
}
