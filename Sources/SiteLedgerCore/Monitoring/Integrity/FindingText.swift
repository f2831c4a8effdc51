import Foundation

/// How findings write numbers, factors and durations for people.
enum FindingText {
    /// One decimal, as devices send particulates: "38.0".
    static func number(_ value: Double) -> String {
        String(format: "%.1f", value)
    }

    /// The factor's usual name: "PM10", "噪声".
    static func name(_ factor: Factor) -> String {
        switch factor {
        case .tsp: "TSP"
        case .pm10: "PM10"
        case .pm25: "PM2.5"
        case .pm1: "PM1.0"
        case .noise: "噪声"
        case .temperature: "温度"
        case .humidity: "湿度"
        case .pressure: "气压"
        case .windSpeed: "风速"
        case .windDirection: "风向"
        }
    }

    static func unit(_ factor: Factor) -> String {
        switch factor {
        case .tsp, .pm10, .pm25, .pm1: "µg/m³"
        case .noise: "dB(A)"
        case .temperature: "°C"
        case .humidity: "%"
        case .pressure: "kPa"
        case .windSpeed: "m/s"
        case .windDirection: "°"
        }
    }

    /// "38.0 µg/m³".
    static func measure(_ value: Double, _ factor: Factor) -> String {
        "\(number(value)) \(unit(factor))"
    }

    /// "3 小时 5 分钟", "40 分钟", "20 秒".
    static func duration(_ seconds: Int) -> String {
        let seconds = abs(seconds)
        guard seconds >= 60 else { return "\(seconds) 秒" }
        let minutes = (seconds + 30) / 60
        let (hours, rest) = (minutes / 60, minutes % 60)
        if hours == 0 { return "\(rest) 分钟" }
        return rest == 0 ? "\(hours) 小时" : "\(hours) 小时 \(rest) 分钟"
    }
}
