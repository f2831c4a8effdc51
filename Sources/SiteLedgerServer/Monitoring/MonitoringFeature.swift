import Vapor
import Fluent
import SiteLedgerCore

/// Site monitoring (监测): devices, the readings they upload, and the HJ 212 gateway.
struct MonitoringFeature: Feature {
    var migrations: [any Migration] { [CreateDevices(), CreateReadings(), CreateReadingRollups(), CreateControlPoints(), CreateAlarms(), CreateFindings(), CreateReadingDigests(), CreateReadingsRetention(), CreateDeviceStatus(), CreateLateHours(), CreateControlStationDays()] }

    func routes(api: any RoutesBuilder, unauthenticated: any RoutesBuilder, web: any RoutesBuilder) throws {
        let devices = api.grouped("projects", ":project", "devices")
        devices.get(use: DevicesController.list)
        devices.post(use: DevicesController.register)
        // A thousand readings take some 300 KB.
        api.on(.POST, "readings", body: .collect(maxSize: "1mb"), use: ReadingsController.upload)
        let controlPoints = api.grouped("control-points")
        controlPoints.get(use: ControlPointsController.list)
        // A month of hourly means of a county's stations as CSV stays under 2 MB.
        controlPoints.on(.POST, "stations", body: .collect(maxSize: "2mb"), use: ControlPointsController.importStations)
        controlPoints.on(.POST, "readings", body: .collect(maxSize: "2mb"), use: ControlPointsController.importReadings)
        api.get("projects", ":project", "control-comparison", use: ControlPointsController.comparison)
        let alarms = api.grouped("alarms")
        alarms.get(use: AlarmsController.list)
        alarms.get(":alarm", use: AlarmsController.show)
        alarms.post(":alarm", "acknowledge", use: AlarmsController.acknowledge)
        alarms.post(":alarm", "comments", use: AlarmsController.comment)
        alarms.post(":alarm", "assign", use: AlarmsController.assign)
        alarms.post(":alarm", "rectification", use: AlarmsController.rectify)
        MonitoringPages.routes(web)
        api.get("findings", use: IntegrityController.findings)
        api.get("projects", ":project", "device-health", use: IntegrityController.health)
        api.get("vendors", "ranking", use: IntegrityController.ranking)
        api.get("projects", ":project", "rules", use: RulesController.project)
        api.put("projects", ":project", "rules", use: RulesController.setProject)
        api.put("regions", ":region", "rules", use: RulesController.setRegion)
    }

    var ledgerSubjects: [LedgerSubject] {
        [
            .model("device", Device.self, record: { device, _ in try DeviceDTO(device) }, access: { try await Self.readProject($0.$project.id, on: $1) }),
            .model("finding", Finding.self, record: { finding, _ in FindingDTO(finding) }, access: { try await Self.readProject($0.$project.id, on: $1) }),
            .model("alarm", Alarm.self, record: { alarm, _ in AlarmDTO(alarm) }, access: { try await Self.readProject($0.$project.id, on: $1) }),
            LedgerSubject(type: "rule-overrides", access: { id, db in
                try await RuleBook.stored(id, on: db).map { _ in (.readDirectory, nil) }
            }, current: { id, salts, db in
                try await RuleBook.stored(id, on: db).map { try CommittedRecord($0, salts: salts) }
            }),
            LedgerSubject(type: "readings-hour", access: { id, db in
                guard let hour = try await ReadingsHour.find(id, on: db), let device = try await Device.find(hour.$device.id, on: db) else { return nil }
                return try await Self.readProject(device.$project.id, on: db)
            }, current: { id, salts, db in
                try await ReadingSeals.current(id, on: db).map { try CommittedRecord($0, salts: salts) }
            }),
            LedgerSubject(type: "readings-retention", access: { id, db in
                try await ReadingsRetention.find(id, on: db).map { _ in (.readDirectory, nil) }
            }, current: { id, salts, db in
                try await ReadingsRetention.find(id, on: db).map { try CommittedRecord(ReadingsRetentionRecord($0), salts: salts) }
            }),
            LedgerSubject(type: "control-station", access: { id, db in
                try await ControlPointStore.station(id, on: db).map { _ in (.readDirectory, nil) }
            }, current: { id, salts, db in
                try await ControlPointStore.station(id, on: db).map { try CommittedRecord($0, salts: salts) }
            }),
            LedgerSubject(type: "control-station-day", access: { id, db in
                try await ControlStationDay.current(id, on: db).map { _ in (.readDirectory, nil) }
            }, current: { id, salts, db in
                try await ControlStationDay.current(id, on: db).map { try CommittedRecord($0, salts: salts) }
            }),
        ]
    }

    /// The access question for the records of a project's devices and what they found.
    private static func readProject(_ project: UUID, on db: any Database) async throws -> (action: Action, project: ProjectFacts?) {
        (.readProject, try await ProjectService.facts(ProjectService.find(project, on: db), on: db))
    }
}
