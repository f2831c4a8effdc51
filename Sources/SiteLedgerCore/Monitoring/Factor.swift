/// The measurements of a site dust and noise station, with the HJ 212 factor codes that carry
/// them (DOMAIN.md §1). Readings keep these in columns of their own; any other factor a device
/// sends is kept too, by its code.
public enum Factor: String, CaseIterable, Codable, Sendable {
    /// 总悬浮颗粒物 TSP, µg/m³.
    case tsp
    /// PM10, µg/m³.
    case pm10
    /// PM2.5, µg/m³.
    case pm25
    /// PM1.0, µg/m³.
    case pm1
    /// 噪声 dB(A).
    case noise
    /// 温度 °C.
    case temperature
    /// 湿度 %.
    case humidity
    /// 气压 kPa.
    case pressure
    /// 风速 m/s.
    case windSpeed
    /// 风向 °.
    case windDirection

    /// The factor an HJ 212 code stands for; noise has three codes (`LA`, `a50001`, and `B03`
    /// from HJ 212-2005).
    public init?(code: String) {
        switch code {
        case "a34001": self = .tsp
        case "a34002": self = .pm10
        case "a34004": self = .pm25
        case "a34005": self = .pm1
        case "LA", "a50001", "B03": self = .noise
        case "a01001": self = .temperature
        case "a01002": self = .humidity
        case "a01006": self = .pressure
        case "a01007": self = .windSpeed
        case "a01008": self = .windDirection
        default: return nil
        }
    }

    /// The code the platform writes: the HJ 212-2017 one.
    public var code: String {
        switch self {
        case .tsp: "a34001"
        case .pm10: "a34002"
        case .pm25: "a34004"
        case .pm1: "a34005"
        case .noise: "LA"
        case .temperature: "a01001"
        case .humidity: "a01002"
        case .pressure: "a01006"
        case .windSpeed: "a01007"
        case .windDirection: "a01008"
        }
    }

    /// Particulate matter: the factors whose unit devices disagree on (µg/m³, mg/m³, ng/m³),
    /// so that a device's unit scale applies to them.
    public var isParticulate: Bool { [.tsp, .pm10, .pm25, .pm1].contains(self) }
}
