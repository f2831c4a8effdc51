import Vapor
import Fluent
import SiteLedgerCore

/// `siteledger bench monitoring-history` (BENCHMARKS.md, "监测 pages"): the history the
/// monitoring pages are timed on. One station gets `days` of minute readings, every other
/// registered station the last two hours; all go through ingest and the monitoring worker,
/// so rollups, alarms and seals are as a running server would have them.
public enum MonitoringHistory {
    public static func seed(days: Int, settings: Settings) async throws -> String {
        var summary = ""
        var settings = settings
        settings.monitoringInterval = nil
        try await SiteLedgerRuntime.withApplication(settings) { app in
            // The greatest MN is a synthetic project's station: in Nanjing, where every regulator of Jiangsu sees it.
            let devices = try await Device.query(on: app.db).sort(\.$mn, .descending).all()
            guard let first = devices.first else { throw LedgerBenchmark.Failure("no devices registered; seed them with `siteledger demo --extra-projects N`") }
            let now = Int(Date().timeIntervalSince1970) / 60 * 60
            var stored = try await store(first, minutes: days * 1440, before: now, on: app)
            for device in devices.dropFirst() { stored += try await store(device, minutes: 120, before: now, on: app) }
            try await app.siteLedger.monitoring.tick(now: now)
            let project = try await Project.find(first.$project.id, on: app.db)
            summary = "stored \(stored) readings: \(days * 1440) for \(first.mn) of project \(first.$project.id) (\(project?.code ?? "")), 120 for each of \(devices.count - 1) others"
        }
        return summary
    }

    private static func store(_ device: Device, minutes: Int, before now: Int, on app: Application) async throws -> Int {
        let station = SimulatedStation(deviceID: device.mn)
        let id = try device.requireID()
        let readings = try (1...minutes).map { ago -> StoredReading in
            let time = now - ago * 60
            return StoredReading(device: id, reading: try Reading(station.packet(at: time, password: "")!), receivedAt: time + 2)
        }
        for chunk in readings.chunked(into: 5_000) { try await app.siteLedger.ingest.store(Array(chunk)) }
        return readings.count
    }
}
