import Vapor
import Fluent
import SiteLedgerCore

/// `siteledger bench worker` (BENCHMARKS.md, "Monitoring worker at a field rate"): what the
/// monitoring worker costs when every registered station reports once a minute, as stations in
/// the field do. Each simulated minute, one reading of every station goes through ingest, then
/// the worker ticks once: it rolls up, judges and (once their hours close) seals as many
/// device-hours as there are stations. The cost per touched device-hour gives how many stations
/// reporting every minute one server keeps up with.
public enum WorkerBenchmark {
    public static func run(minutes: Int, settings: Settings) async throws -> String {
        var settings = settings
        settings.monitoringInterval = nil
        var lines: [String] = []
        try await SiteLedgerRuntime.withApplication(settings) { app in
            let devices = try await Device.query(on: app.db).filter(\.$active == true).sort(\.$mn).all()
                .map { (id: try $0.requireID(), station: SimulatedStation(deviceID: $0.mn)) }
            guard !devices.isEmpty else { throw LedgerBenchmark.Failure("no devices registered; seed them with `siteledger demo --extra-projects N`") }
            // From the next hour on: hours the wall clock has not closed, so ingest marks none
            // late, while the worker's `now` runs with the stations' clock and closes them.
            let start = (Int(Date().timeIntervalSince1970) / 3600 + 1) * 3600
            let clock = ContinuousClock()
            var ticks: [Double] = []
            for minute in 0..<minutes {
                let time = start + minute * 60
                let readings = try devices.compactMap { device -> StoredReading? in
                    guard let packet = device.station.packet(at: time, password: "") else { return nil }
                    return StoredReading(device: device.id, reading: try Reading(packet), receivedAt: time + 2)
                }
                for chunk in readings.chunked(into: 5_000) { try await app.siteLedger.ingest.store(Array(chunk)) }
                ticks.append(try await clock.measure { try await app.siteLedger.monitoring.tick(now: time + 30) }.inSeconds)
            }
            lines = summary(ticks, stations: devices.count)
        }
        return lines.joined(separator: "\n")
    }

    private static func summary(_ ticks: [Double], stations: Int) -> [String] {
        let sorted = ticks.sorted()
        let mean = ticks.reduce(0, +) / Double(ticks.count)
        func ms(_ seconds: Double) -> String { String(format: "%.0f ms", seconds * 1000) }
        return [
            "worker: \(ticks.count) ticks, each after one reading of each of \(stations) stations",
            "tick: mean \(ms(mean)), p50 \(ms(sorted[sorted.count / 2])), p90 \(ms(sorted[sorted.count * 9 / 10])), max \(ms(sorted.last!))",
            String(format: "per touched device-hour: %.2f ms; stations reporting every minute one worker keeps up with: %d",
                   mean / Double(stations) * 1000, Int(60 / (mean / Double(stations)))),
        ]
    }
}
