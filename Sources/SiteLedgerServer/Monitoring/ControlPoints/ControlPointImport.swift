import Vapor
import Fluent
import SiteLedgerCore

/// 国控点导入 — the stations and hourly means a regulator imports, as CSV (`text/csv`) or JSON;
/// all or nothing, the first wrong value refused by its line or index and field.
enum ControlPointImport {
    static let maxRows = 20_000

    static func stations(_ req: Request) async throws -> [ControlStation] {
        let rows: [ControlStation]
        if let text = try csv(req) {
            rows = try refusingCSV { () throws(CSVError) in try ControlStation.rows(fromCSV: text) }
        } else {
            rows = try req.content.decode(ImportControlStationsRequest.self).stations.enumerated().map { index, station in
                try refusing("stations[\(index)]") { () throws(ControlPointError) in try station.validated() }
            }
        }
        try limit(rows.count)
        for county in Set(rows.map(\.county)) { try req.authorize(.importControlPoints(county: county)) }
        return rows
    }

    static func readings(_ req: Request) async throws -> [ControlReading] {
        // Each row with where it stands in what was sent: its CSV line, or its index in the JSON.
        let rows: [(place: String, reading: ControlReading)]
        if let text = try csv(req) {
            rows = try refusingCSV { () throws(CSVError) in try ControlReading.lines(fromCSV: text) }.map { ("line \($0.line)", $0.reading) }
        } else {
            rows = try req.content.decode(ImportControlReadingsRequest.self).readings.enumerated().map { index, item in
                ("readings[\(index)]", try refusing("readings[\(index)]") { () throws(ControlPointError) in try item.reading.validated() })
            }
        }
        try limit(rows.count)
        let known = Dictionary(try await ControlPointStore.stations(in: "", on: req.db).map { ($0.station.code, $0.station.county) }, uniquingKeysWith: { a, _ in a })
        for (place, row) in rows where known[row.station] == nil {
            throw APIError.invalid("\(place).station", code: "unknown_station", en: "no control point \(row.station): import it first", zh: "国控点 \(row.station) 未登记，请先导入站点")
        }
        for county in Set(rows.compactMap { known[$0.reading.station] }) { try req.authorize(.importControlPoints(county: county)) }
        return rows.map(\.reading)
    }

    private static func csv(_ req: Request) throws -> String? {
        guard req.headers.contentType?.type == "text", req.headers.contentType?.subType == "csv" else { return nil }
        guard let body = req.body.data, let text = body.getString(at: body.readerIndex, length: body.readableBytes), !text.isEmpty else {
            throw APIError.malformed("the CSV body is empty or not UTF-8", zh: "CSV 内容为空或不是 UTF-8 编码")
        }
        return text
    }

    private static func limit(_ count: Int) throws {
        guard count > 0 else { throw APIError.invalid("rows", code: "empty", en: "send at least one row", zh: "至少包含一行数据") }
        guard count <= maxRows else { throw APIError.invalid("rows", code: "too_many", en: "at most \(maxRows) rows per import", zh: "每次最多导入 \(maxRows) 行") }
    }

    private static func refusingCSV<T>(_ body: () throws(CSVError) -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw APIError.invalid("line \(error.line)" + (error.field.map { ".\($0)" } ?? ""), en: error.reason, zh: "第 \(error.line) 行\(error.field.map { " \($0)" } ?? "")：\(error.reason)")
        }
    }

    private static func refusing<T>(_ path: String, _ body: () throws(ControlPointError) -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw APIError.invalid("\(path).\(error.field)", en: error.reason, zh: "\(path).\(error.field)：\(error.reason)")
        }
    }
}

/// 对比 — a site's hourly PM10 beside the mean of its county's control points.
enum ControlComparison {
    static func hours(of project: ProjectDTO, in range: Range<Int>, on db: any Database) async throws -> ControlComparisonResponse {
        let devices = try await DeviceService.list(project.id, on: db).filter { $0.kind == .dustNoise }
        var site: [Int: [Double]] = [:]
        for device in devices {
            for hour in try await RollupStore.summaries(of: device.requireID(), .hour, in: range, on: db) {
                if let pm10 = hour.summary.factors[.pm10]?.mean { site[hour.start, default: []].append(pm10) }
            }
        }
        let county = String(project.regionCode.prefix(6))
        let control = try await ControlPointStore.countyPM10(county, hours: range, on: db)
        let hours = Set(site.keys).union(control.keys).sorted().map { hour in
            let siteMean = site[hour].flatMap { WindowValue.of($0, factor: .pm10, aggregate: .mean) }
            let controlMean = control[hour]
            return ControlComparisonResponse.Hour(
                hour: Date(timeIntervalSince1970: TimeInterval(hour)), site: siteMean, control: controlMean,
                difference: siteMean.flatMap { s in controlMean.map { s - $0 } }
            )
        }
        let stations = try await ControlPointStore.stations(in: county, on: db).map { ControlStationDTO(id: $0.id, station: $0.station) }
        return ControlComparisonResponse(county: county, stations: stations, hours: hours)
    }
}
