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
