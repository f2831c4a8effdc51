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
        var code = code
        guard let factor = code.withUTF8(Self.factor(code:)) else { return nil }
        self = factor
    }

    /// `init(code:)` on the code's bytes, as a packet carries them.
    public init?(code: UnsafeBufferPointer<UInt8>) {
        guard let factor = Self.factor(code: code) else { return nil }
        self = factor
    }

    private static func factor(code: UnsafeBufferPointer<UInt8>) -> Factor? {
        codes.first { $0.code.elementsEqual(code) }?.factor
    }

    /// Every code a factor is known by: the one the platform writes, and noise's other two.
    private static let codes: [(code: [UInt8], factor: Factor)] =
        allCases.map { (Array($0.code.utf8), $0) } + [("a50001", noise), ("B03", noise)].map { (Array($0.utf8), $1) }

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

    /// 物理可能范围 — the values the factor can physically take, in the platform's units (nil:
    /// no bound worth drawing). A value outside is not a measurement whatever its flag says:
    /// - particulates 0…5000 µg/m³: the worst sandstorms in northern China bring PM10 to a few
    ///   thousand µg/m³, where light-scattering site monitors saturate; below 0 is no amount;
    /// - noise 20…140 dB(A): below 20 is quieter than any outdoor place and below what site
    ///   noise monitors can measure; 140 is the threshold of pain, beyond any construction source;
    /// - humidity 0…100 %, wind direction 0…360°: by definition.
    public var physicalRange: ClosedRange<Double>? {
        switch self {
        case .tsp, .pm10, .pm25, .pm1: 0...5000
        case .noise: 20...140
        case .humidity: 0...100
        case .windDirection: 0...360
        case .temperature, .pressure, .windSpeed: nil
        }
    }

    /// Whether `value` is physically possible for the factor (always, for one without a range).
    public func isPossible(_ value: Double) -> Bool {
        physicalRange?.contains(value) ?? true
    }
}

extension Factor: Hashable {
    /// By case, not by name: a raw-valued enum otherwise hashes and compares its raw value's
    /// text, and every reading is a dictionary of factors, built and read on every upload.
    public static func == (lhs: Factor, rhs: Factor) -> Bool { lhs.ordinal == rhs.ordinal }

    public func hash(into hasher: inout Hasher) { hasher.combine(ordinal) }

    /// The case's position in `allCases`.
    var ordinal: Int {
        switch self {
        case .tsp: 0
        case .pm10: 1
        case .pm25: 2
        case .pm1: 3
        case .noise: 4
        case .temperature: 5
        case .humidity: 6
        case .pressure: 7
        case .windSpeed: 8
        case .windDirection: 9
        }
    }
}
