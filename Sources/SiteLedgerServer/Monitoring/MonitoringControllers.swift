import Vapor
import Fluent
import SiteLedgerCore

enum DevicesController {
    @Sendable static func list(_ req: Request) async throws -> [DeviceDTO] {
        let project = try await ProjectScope.authorized(req.parameter("project"), .readProject, for: req.requireCaller().principal, on: req.db)
        return try await DeviceService.list(project.requireID(), on: req.db).map(DeviceDTO.init)
    }

    @Sendable static func register(_ req: Request) async throws -> Response {
        let body = try req.content.decode(RegisterDeviceRequest.self)
        let project = try await ProjectScope.snapshot(req.parameter("project"), .manageDevices, for: req.requireCaller().principal, ledger: req.siteLedger, on: req.db).facts
        let device = try await req.write { try await DeviceService.register(body, inProject: project.id, writes: $0) }
        return try await DeviceDTO(device).encodeResponse(status: .created, for: req)
    }
}

enum ReadingsController {
    /// The HTTP door to the same pipeline as the gateway: answered once stored.
    @Sendable static func upload(_ req: Request) async throws -> UploadReadingsResponse {
        let body = try req.content.decode(UploadReadingsRequest.self)
        let readings = try await ReadingUpload.readings(body, from: req.requireCaller().principal, ledger: req.siteLedger, on: req.db)
        try await req.siteLedger.ingest.store(readings)
        return UploadReadingsResponse(accepted: readings.count)
    }
}

enum ControlPointsController {
    @Sendable static func list(_ req: Request) async throws -> [ControlStationDTO] {
        try req.authorize(.readDirectory)
        let county = (try? req.query.get(String.self, at: "county")) ?? ""
        return try await ControlPointStore.stations(in: county, on: req.db).map { ControlStationDTO(id: $0.id, station: $0.station) }
    }

    @Sendable static func importStations(_ req: Request) async throws -> ImportControlPointsResponse {
        let rows = try await ControlPointImport.stations(req)
        return try await req.write { try await ControlPointStore.importStations(rows, writes: $0) }
    }

    @Sendable static func importReadings(_ req: Request) async throws -> UploadReadingsResponse {
        let rows = try await ControlPointImport.readings(req)
        try await req.write { try await ControlPointStore.importReadings(rows, writes: $0) }
        return UploadReadingsResponse(accepted: rows.count)
    }

    /// `from` and `to` (RFC 3339) bound at most 31 days; the last 24 hours by default.
    @Sendable static func comparison(_ req: Request) async throws -> ControlComparisonResponse {
        let project = try await ProjectScope.snapshot(req.parameter("project"), .readProject, for: req.requireCaller().principal, ledger: req.siteLedger, on: req.db)
        let range = try MonitoringQuery.timeRange(req, defaultSpan: 86_400, maxSpan: 31 * 86_400)
        return try await ControlComparison.hours(of: project.dto, in: range, on: req.db)
    }
}

/// What monitoring reads share in their query strings.
enum MonitoringQuery {
    /// `from`..<`to` in unix seconds, from RFC 3339 query values; `to` defaults to now and
    /// `from` to `defaultSpan` before it.
    static func timeRange(_ req: Request, defaultSpan: Int, maxSpan: Int) throws -> Range<Int> {
        let to = try date(req, "to").map { Int($0.timeIntervalSince1970) } ?? Int(Date().timeIntervalSince1970)
        let from = try date(req, "from").map { Int($0.timeIntervalSince1970) } ?? to - defaultSpan
        guard from < to else { throw APIError.invalid("from", en: "must be before to", zh: "起始时间应早于结束时间") }
        guard to - from <= maxSpan else { throw APIError.invalid("to", en: "at most \(maxSpan / 86_400) days", zh: "时间跨度最多 \(maxSpan / 86_400) 天") }
        return from..<to
    }

    private static func date(_ req: Request, _ name: String) throws -> Date? {
        guard let text = req.query[String.self, at: name] else { return nil }
        guard let date = RFC3339.date(text) else {
            throw APIError.invalid(name, en: "an RFC 3339 time like 2026-11-21T08:00:00+08:00", zh: "时间格式应为 RFC 3339，如 2026-11-21T08:00:00+08:00")
        }
        return date
    }
}
