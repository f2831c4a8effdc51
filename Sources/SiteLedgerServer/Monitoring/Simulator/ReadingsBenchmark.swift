import Vapor
import Fluent
import SiteLedgerCore

/// `siteledger bench readings` (BENCHMARKS.md, "HJ 212 gateway end to end"): the baseline the
/// gateway is measured against. The uploads the simulator's closed loop would send — every
/// registered device, one minute apart — inserted straight into the readings table in
/// transactions of `batch` rows: no parsing, no network, no acknowledgements.
public enum ReadingsBenchmark {
    public static func run(rows: Int, batch: Int, settings: Settings) async throws -> String {
        var lines = ""
        try await SiteLedgerRuntime.withApplication(settings) { app in
            let devices = try await Device.query(on: app.db).sort(\.$mn).all().map { (try $0.requireID(), SimulatedStation(deviceID: $0.mn)) }
            guard !devices.isEmpty else { throw LedgerBenchmark.Failure("no devices registered; seed them with `siteledger demo --extra-projects N`") }
            // From now on, as the closed loop's stations count their time: hours that have not
            // closed, so, like theirs, these readings mark no late hours.
            let start = Int(Date().timeIntervalSince1970)
            let readings = try (0..<rows).map { index in
                let (id, station) = devices[index % devices.count]
                let packet = station.packet(at: start + index / devices.count * 60, password: "")!
                return StoredReading(device: id, reading: try Reading(packet), receivedAt: start)
            }
            let writePath = app.siteLedger.writePath
            let clock = ContinuousClock()
            let elapsed = try await clock.measure {
                for group in readings.chunked(into: batch) {
                    try await ReadingStore.insert(Array(group), on: app.db, writePath: writePath)
                }
            }
            let seconds = elapsed.inSeconds
            lines = "baseline: \(rows) readings of \(devices.count) devices inserted in transactions of \(batch) in \(String(format: "%.2f", seconds)) s = \(Int(Double(rows) / seconds)) rows/s"
        }
        return lines
    }
}
