import Foundation

/// 国控点 — a national (or provincial, 省控点) air-quality station, which a site's dust is
/// compared with (Shandong's method: the site's hourly PM10 minus the mean of its county's
/// stations for that hour; DOMAIN.md §2).
public struct ControlStation: Codable, Sendable, Equatable {
    public var code: String
    public var name: String
    /// GB/T 2260 county code (six digits).
    public var county: String
    public var latitude: Double
    public var longitude: Double

    public init(code: String, name: String, county: String, latitude: Double, longitude: Double) {
        self.code = code
        self.name = name
        self.county = county
        self.latitude = latitude
        self.longitude = longitude
    }

    /// The CSV columns: `code,name,county,latitude,longitude`.
    public static func rows(fromCSV text: String) throws(CSVError) -> [ControlStation] {
        let table = try CSVTable(text)
        try table.requireColumns(["code", "name", "county", "latitude", "longitude"])
        return try table.rows.map { row throws(CSVError) in
            try located(row.line) { () throws(ControlPointError) in
                try ControlStation(
                    code: table.value("code", in: row), name: table.value("name", in: row), county: table.value("county", in: row),
                    latitude: number(table.value("latitude", in: row), "latitude") ?? .nan,
                    longitude: number(table.value("longitude", in: row), "longitude") ?? .nan
                ).validated()
            }
        }
    }

    /// The station, or the first field that is wrong.
    public func validated() throws(ControlPointError) -> ControlStation {
        guard (1...32).contains(code.count), code.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
            throw ControlPointError(field: "code", reason: "1 to 32 letters or digits, e.g. 1144A")
        }
        guard (1...100).contains(name.trimmingCharacters(in: .whitespaces).count) else { throw ControlPointError(field: "name", reason: "1 to 100 characters") }
        guard county.count == 6, county.allSatisfy(\.isASCIIDigit) else { throw ControlPointError(field: "county", reason: "a six-digit GB/T 2260 county code") }
        guard (-90...90).contains(latitude) else { throw ControlPointError(field: "latitude", reason: "a number from -90 to 90") }
        guard (-180...180).contains(longitude) else { throw ControlPointError(field: "longitude", reason: "a number from -180 to 180") }
        return self
    }
}

/// One station's hourly mean concentrations, µg/m³, as the environment authority publishes
/// them; a value it did not publish is nil.
public struct ControlReading: Codable, Sendable, Equatable {
    public var station: String
    /// Start of the hour, unix seconds.
    public var hour: Int
    public var pm10: Double?
    public var pm25: Double?

    public init(station: String, hour: Int, pm10: Double?, pm25: Double?) {
        self.station = station
        self.hour = hour
        self.pm10 = pm10
        self.pm25 = pm25
    }

    /// The CSV columns: `station,time,pm10,pm25`, the time as `2026-11-21 08:00` Beijing time
    /// (the hour the mean covers), a missing value empty or `—` as published.
    public static func rows(fromCSV text: String) throws(CSVError) -> [ControlReading] {
        try lines(fromCSV: text).map(\.reading)
    }

    /// `rows(fromCSV:)` with the line each starts on, for what is found wrong with a row later.
    public static func lines(fromCSV text: String) throws(CSVError) -> [(line: Int, reading: ControlReading)] {
        let table = try CSVTable(text)
        try table.requireColumns(["station", "time", "pm10", "pm25"])
        return try table.rows.map { row throws(CSVError) in
            (row.line, try located(row.line) { () throws(ControlPointError) in
                guard let hour = localHour(table.value("time", in: row)) else {
                    throw ControlPointError(field: "time", reason: "a Beijing time like 2026-11-21 08:00, on the hour")
                }
                return try ControlReading(
                    station: table.value("station", in: row), hour: hour,
                    pm10: number(table.value("pm10", in: row), "pm10"), pm25: number(table.value("pm25", in: row), "pm25")
                ).validated()
            })
        }
    }

    public func validated() throws(ControlPointError) -> ControlReading {
        guard !station.isEmpty else { throw ControlPointError(field: "station", reason: "the station's code") }
        guard BeijingClock.secondsInto(3600, at: hour) == 0 else { throw ControlPointError(field: "hour", reason: "the start of an hour") }
        for (field, value) in [("pm10", pm10), ("pm25", pm25)] {
            if let value, !(0...5_000).contains(value) { throw ControlPointError(field: field, reason: "a concentration from 0 to 5000 µg/m³") }
        }
        guard pm10 != nil || pm25 != nil else { throw ControlPointError(field: "pm10", reason: "neither pm10 nor pm25 is given") }
        return self
    }

    /// `YYYY-MM-DD HH:00` (or `HH:00:00`) Beijing time → unix seconds.
    static func localHour(_ text: String) -> Int? {
        let parts = text.split(whereSeparator: { "- :T".contains($0) }).map(String.init)
        guard parts.count >= 5, parts[4] == "00", parts.count == 5 || parts[5] == "00",
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]), let hour = Int(parts[3]), parts[3].count == 2 else { return nil }
        return HJ212.Timestamp(year: year, month: month, day: day, hour: hour, minute: 0, second: 0)?.secondsSince1970
    }
}

/// A field of a station or an hourly value that is wrong.
public struct ControlPointError: Error, Equatable, Sendable {
    public let field: String
    public let reason: String
}

/// `—` and empty are the published forms of "no value".
private func number(_ text: String, _ field: String) throws(ControlPointError) -> Double? {
    if text.isEmpty || text == "—" || text == "-" { return nil }
    guard let value = Double(text), value.isFinite else { throw ControlPointError(field: field, reason: "\(text.debugDescription) is not a number") }
    return value
}

private func located<T>(_ line: Int, _ body: () throws(ControlPointError) -> T) throws(CSVError) -> T {
    do {
        return try body()
    } catch {
        throw CSVError(line: line, field: error.field, reason: error.reason)
    }
}
