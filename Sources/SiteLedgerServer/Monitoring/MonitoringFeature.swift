import Vapor
import Fluent
import SiteLedgerCore

/// Site monitoring (监测): devices, the readings they upload, and the HJ 212 gateway.
struct MonitoringFeature: Feature {
    var migrations: [any Migration] { [CreateDevices(), CreateReadings(), CreateReadingRollups()] }

    func routes(api: any RoutesBuilder, unauthenticated: any RoutesBuilder, web: any RoutesBuilder) throws {
        let devices = api.grouped("projects", ":project", "devices")
        devices.get(use: DevicesController.list)
        devices.post(use: DevicesController.register)
        // A thousand readings take some 300 KB.
        api.on(.POST, "readings", body: .collect(maxSize: "1mb"), use: ReadingsController.upload)
    }

    var ledgerSubjects: [LedgerSubject] {
        [
            .model("device", Device.self, record: { device, _ in try DeviceDTO(device) }, access: { device, db in
                (.readProject, try await ProjectService.facts(ProjectService.find(device.$project.id, on: db), on: db))
            }),
        ]
    }
}
