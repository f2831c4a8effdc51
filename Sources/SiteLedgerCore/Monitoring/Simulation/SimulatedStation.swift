import Foundation

/// A dust and noise station as the simulator plays it: a deterministic series for any instant,
/// shaped like a real site's — the day's rhythm, the weather of the week, work hours with their
/// bursts of dust and noise — and, when `behaviour` says so, a fault or a fraud pattern.
public struct SimulatedStation: Sendable {
    public let deviceID: String
    public let behaviour: StationBehaviour
    /// Stations with the same seed share their weather: neighbours breathe the same air.
    public let area: UInt64
    private let seed: UInt64

    public init(deviceID: String, behaviour: StationBehaviour = .honest, area: UInt64 = 0) {
        self.deviceID = deviceID
        self.behaviour = behaviour
        self.area = area
        seed = Noise.hash(deviceID)
    }

    /// What the station measures at `time` (seconds since 1970), in the platform's units; nil
    /// while a faulty station is offline.
    func values(at time: Int) -> FactorNumbers? {
        switch behaviour {
        case .honest, .impossibleValues, .timeTravel:
            return measured(at: time, seed: seed)
        case .faulty:
            return Noise.unit(seed, UInt64(time / 3600), 7) < 0.2 ? nil : measured(at: time, seed: seed)
        case .flatLine(let pm10):
            var values = measured(at: time, seed: seed)
            for factor in [Factor.tsp, .pm10, .pm25, .pm1] { values[factor] = pm10 }
            return values
        case .zeroed:
            var values = measured(at: time, seed: seed)
            for factor in [Factor.tsp, .pm10, .pm25, .pm1] { values[factor] = 0 }
            return values
        case .replay(let source):
            return measured(at: time, seed: Noise.hash(source))
        case .dusty:
            return measured(at: time, seed: seed, dust: 200 + 150 * Noise.smooth(seed ^ 0xD5, Double(time) / 3_600))
        }
    }

    /// The data flag of every factor at `time`: a faulty station reports D (fault) now and then.
    public func flag(at time: Int) -> String {
        guard case .faulty = behaviour else { return "N" }
        return Noise.unit(seed, UInt64(time / 60), 11) < 0.05 ? "D" : "N"
    }

    /// The `DataTime` the station stamps on a measurement made at `time`.
    public func stamp(_ time: Int) -> Int {
        guard case .timeTravel = behaviour else { return time }
        // Its clock jumps ahead by three hours every other hour.
        return (time / 3600) % 2 == 0 ? time + 3 * 3600 : time
    }

    /// The upload of the measurement at `time` (CN 2011, every factor with its flag), asking for
    /// an answer when `needsAnswer`; nil while offline.
    public func packet(at time: Int, password: String, needsAnswer: Bool = true) -> HJ212.Packet? {
        guard let (header, values, flag) = upload(at: time, password: password, needsAnswer: needsAnswer) else { return nil }
        var packet = header
        var fields: [HJ212.Field] = []
        fields.reserveCapacity(2 * Factor.stationFactors.count)
        Self.writeFields(values, flag: flag) { fields.append(HJ212.Field($0, $1, $2)) }
        packet.fields = HJ212.Fields(fields)
        return packet
    }

    /// `packet(at:password:)` as it goes on the wire, with its QN, written without building the
    /// packet's fields first: the benchmark's closed loop sends thousands a second from the
    /// machine it measures.
    public func frame(at time: Int, password: String) -> (requestID: String?, frame: HJ212.Frame)? {
        guard let (header, values, flag) = upload(at: time, password: password, needsAnswer: true) else { return nil }
        let frame = header.frame(capacity: 400) { segment in
            Self.writeFields(values, flag: flag) { segment.item($0, kind: $1, $2) }
        }
        return (header.requestID, frame)
    }

    /// The fields in the order the station sends them, as (factor code, kind, value): each
    /// factor's value, then its flag.
    private static func writeFields(_ values: FactorNumbers, flag: String, _ write: (String, String, String) -> Void) {
        for factor in Factor.stationFactors {
            write(factor.code, "Rtd", format(values[factor], factor))
            write(factor.code, "Flag", flag)
        }
    }

    /// The upload at `time` apart from its fields: the header, the values, and their flag.
    private func upload(at time: Int, password: String, needsAnswer: Bool) -> (header: HJ212.Packet, values: FactorNumbers, flag: String)? {
        guard var values = values(at: time) else { return nil }
        if case .impossibleValues = behaviour, Noise.unit(seed, UInt64(time / 60), 13) < 0.1 {
            values[.pm10] = 9_999
            values[.humidity] = 130
        }
        let header = HJ212.Packet(
            requestID: HJ212.requestID(atMilliseconds: time * 1000), systemCode: "39", command: .realTimeData, password: password,
            deviceID: deviceID, flag: HJ212.Flag(version: .v2017, needsAnswer: needsAnswer),
            dataTime: HJ212.Timestamp(secondsSince1970: stamp(time))
        )
        return (header, values, flag(at: time))
    }

    /// The air at `time`, with `dust` µg/m³ of PM10 more than the site's own work raises.
    private func measured(at time: Int, seed: UInt64, dust: Double = 0) -> FactorNumbers {
        let hour = Self.beijingHour(time)
        let working = (7..<19).contains(hour)
        let activity = working ? 60 * Noise.smooth(seed, Double(time) / 1_800) : 0
        let pm10 = max(5, Self.ambientPM10(area: area, at: time) + activity + 6 * (Noise.unit(seed, UInt64(time), 1) - 0.5)) + dust
        let noise = (working ? 58 + 14 * Noise.smooth(seed ^ 0x5A, Double(time) / 600) : 44 + 6 * Noise.smooth(seed ^ 0x5A, Double(time) / 3_600))
            + Noise.unit(seed, UInt64(time), 2)
        let temperature = 12 + 6 * sin((hour - 9) / 24 * 2 * .pi) + 4 * Noise.smooth(area ^ 0x7E, Double(time) / 86_400)
        return FactorNumbers(
            tsp: pm10 * 1.6, pm10: pm10, pm25: pm10 * Self.pm25PerPM10, pm1: pm10 * 0.41, noise: noise,
            temperature: temperature, humidity: min(98, max(15, 90 - 2.5 * temperature + 10 * Noise.smooth(area ^ 0x33, Double(time) / 43_200))),
            pressure: 101.3 + 0.8 * (Noise.smooth(area ^ 0x44, Double(time) / 172_800) - 0.5),
            windSpeed: 4 * Noise.smooth(area ^ 0x55, Double(time) / 7_200), windDirection: 360 * Noise.smooth(area ^ 0x66, Double(time) / 21_600)
        )
    }

    /// The area's PM10 at `time` without any site's work, µg/m³: the weather, a slow swing over
    /// days shared by the area, times the day's rhythm, which peaks in the morning inversion and
    /// the evening.
    static func ambientPM10(area: UInt64, at time: Int) -> Double {
        let hour = beijingHour(time)
        let weather = 40 + 110 * Noise.smooth(area, Double(time) / 86_400 * 1.5)
        return weather * (1 + 0.25 * cos((hour - 7) / 24 * 2 * .pi) + 0.15 * cos((hour - 20) / 12 * 2 * .pi))
    }

    /// PM2.5 as a share of PM10 in the simulated air.
    static let pm25PerPM10 = 0.62

    /// The hour of the Beijing day at `time`, with its fraction.
    private static func beijingHour(_ time: Int) -> Double {
        Double((time + 8 * 3600) % 86_400) / 3600
    }

    private static func format(_ value: Double, _ factor: Factor) -> String {
        // To a tenth, as the stations write them, with integers: the simulator formats nine
        // values an upload, and `Double.description` would cost more than the rest of it.
        let tenths = Int((value * 10).rounded())
        if factor == .windDirection { return String(tenths / 10) }
        let whole = String(abs(tenths) / 10)
        return (tenths < 0 ? "-" : "") + whole + "." + String(abs(tenths) % 10)
    }
}

/// A number for each factor, kept by name rather than in a dictionary: the closed loop measures
/// thousands of times a second, and hashing each factor cost more than computing its value.
struct FactorNumbers {
    var tsp, pm10, pm25, pm1, noise, temperature, humidity, pressure, windSpeed, windDirection: Double

    subscript(factor: Factor) -> Double {
        get {
            switch factor {
            case .tsp: tsp
            case .pm10: pm10
            case .pm25: pm25
            case .pm1: pm1
            case .noise: noise
            case .temperature: temperature
            case .humidity: humidity
            case .pressure: pressure
            case .windSpeed: windSpeed
            case .windDirection: windDirection
            }
        }
        set {
            switch factor {
            case .tsp: tsp = newValue
            case .pm10: pm10 = newValue
            case .pm25: pm25 = newValue
            case .pm1: pm1 = newValue
            case .noise: noise = newValue
            case .temperature: temperature = newValue
            case .humidity: humidity = newValue
            case .pressure: pressure = newValue
            case .windSpeed: windSpeed = newValue
            case .windDirection: windDirection = newValue
            }
        }
    }
}

/// What a simulated station does besides measuring honestly; the label tests check the
/// integrity detectors against.
public enum StationBehaviour: Sendable, Equatable {
    case honest
    /// Goes offline for whole hours and reports faults (flag D) now and then.
    case faulty
    /// Particulates stuck at one value (数据恒值).
    case flatLine(Double)
    /// Now and then a PM10 of 9999 µg/m³ and a humidity of 130 %.
    case impossibleValues
    /// Its clock runs ahead by hours at times.
    case timeTravel
    /// Sends the series of the station with this MN (数据套用).
    case replay(of: String)
    /// Particulates read exactly zero whatever the air does.
    case zeroed
    /// 扬尘治理措施未落实 — dust control not in place (no spraying, earth left bare): PM10
    /// 200–350 µg/m³ above what the air and the work make, around the clock. Not fraud: the
    /// hourly PM10 alarm is what should find it.
    case dusty
}

extension Factor {
    /// What a dust and noise station sends, in the order it sends it.
    public static let stationFactors: [Factor] = [.tsp, .pm10, .pm25, .noise, .temperature, .humidity, .pressure, .windSpeed, .windDirection]
}

/// Deterministic pseudo-random numbers: the same station gives the same series on every run.
enum Noise {
    /// FNV-1a of the text, a seed.
    static func hash(_ text: String) -> UInt64 {
        text.utf8.reduce(0xcbf2_9ce4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
    }

    /// A number in [0, 1) for the triple, by SplitMix64's finalizer.
    static func unit(_ seed: UInt64, _ step: UInt64, _ stream: UInt64) -> Double {
        var z = seed &+ step &* 0x9E37_79B9_7F4A_7C15 &+ stream &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Double(z >> 11) / Double(1 << 53)
    }

    /// Value noise in [0, 1): random at whole `x`, eased in between, so a series drifts.
    static func smooth(_ seed: UInt64, _ x: Double) -> Double {
        let step = x.rounded(.down), t = x - step
        let eased = t * t * (3 - 2 * t)
        let a = unit(seed, UInt64(bitPattern: Int64(step)), 0), b = unit(seed, UInt64(bitPattern: Int64(step + 1)), 0)
        return a + (b - a) * eased
    }
}
