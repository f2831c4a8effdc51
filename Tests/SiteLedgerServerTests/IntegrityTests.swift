import Foundation
import Testing
import Vapor
import VaporTesting
import Fluent
import SiteLedgerCore
@testable import SiteLedgerServer

@Suite("Monitoring: data integrity and device health")
struct IntegrityTests {
    /// Thirteen stations of one county, three hours from 08:00 Beijing, one reading a minute:
    /// eight honest, and one of each fraud pattern the simulator labels.
    static func fleet() -> [SimulatedStation] {
        let honest = (0..<8).map { SimulatedStation(deviceID: String(format: "SLHONEST00000000000000%02d", $0)) }
        let labelled: [(String, StationBehaviour)] = [
            ("SLFLAT000000000000000001", .flatLine(38)), ("SLIMPOSSIBLE000000000001", .impossibleValues),
            ("SLTIMETRAVEL000000000001", .timeTravel), ("SLREPLAY0000000000000001", .replay(of: honest[0].deviceID)),
            ("SLZEROED0000000000000001", .zeroed),
        ]
        return honest + labelled.map { SimulatedStation(deviceID: $0.0, behaviour: $0.1) }
    }

    @Test func theScanFindsEachLabelledStationOnceAndNobodyElse() async throws {
        try await TestApp.run(demo: true) { t in
            let start = RollupTests.midnight + 8 * 3600, end = start + 3 * 3600
            var ids: [String: UUID] = [:]
            for station in Self.fleet() {
                let id = try await t.registerDevice(mn: station.deviceID).requireID()
                ids[station.deviceID] = id
                let readings = try stride(from: start, to: end, by: 60).compactMap { time -> StoredReading? in
                    guard let packet = station.packet(at: time, password: "123456") else { return nil }
                    return StoredReading(device: id, reading: try Reading(packet), receivedAt: time)
                }
                try await t.app.siteLedger.ingest.store(readings)
            }
            try await t.app.siteLedger.monitoring.scanIntegrity(now: end)
            let findings = try await Finding.query(on: t.db).all()
            let found = Dictionary(grouping: findings, by: \.deviceMN).mapValues { Set($0.map(\.kind)) }
            #expect(found == [
                "SLFLAT000000000000000001": [.flatLine], "SLIMPOSSIBLE000000000001": [.impossibleValue],
                "SLTIMETRAVEL000000000001": [.timeTravel], "SLHONEST0000000000000000": [.replay], "SLZEROED0000000000000001": [.zeroed],
            ])
            #expect(findings.first { $0.kind == .replay }?.otherDeviceMN == "SLREPLAY0000000000000001")
            #expect(findings.allSatisfy { !$0.explanation.isEmpty && !$0.evidence.isEmpty })

            let changes = try await t.changeCount()
            try await t.app.siteLedger.monitoring.scanIntegrity(now: end)
            #expect(try await Finding.query(on: t.db).count() == findings.count, "scanning again finds the same episodes")
            #expect(try await t.changeCount() == changes)

            // Half an hour more of the flat line lengthens its finding rather than adding one.
            let flat = Self.fleet().first { $0.deviceID == "SLFLAT000000000000000001" }!
            let more = try stride(from: end, to: end + 1800, by: 60).map { time in
                StoredReading(device: ids[flat.deviceID]!, reading: try Reading(flat.packet(at: time, password: "123456")!), receivedAt: time)
            }
            try await t.app.siteLedger.ingest.store(more)
            try await t.app.siteLedger.monitoring.scanIntegrity(now: end + 1800)
            let before = findings.filter { $0.kind == .flatLine }
            let after = try await Finding.query(on: t.db).filter(\.$kind == .flatLine).all()
            #expect(!before.isEmpty && Set(after.map(\.id)) == Set(before.map(\.id)), "the same findings, one per stuck factor")
            #expect(after.allSatisfy { $0.to.timeIntervalSince1970 > before[0].to.timeIntervalSince1970 })
            #expect(try await t.changeCount() == changes + before.count, "one change each: extended")

            let listed = try await t.send(.GET, "/api/v1/findings", token: t.login("owner")).json()
            #expect(listed.array.count == findings.count)
            #expect(try await t.send(.GET, "/api/v1/findings", token: t.login("dg-regulator")).json().array.isEmpty)
        }
    }

    @Test func healthCountsWhatArrivedAgainstWhatWasOwed() async throws {
        try await TestApp.run(demo: true) { t in
            let device = try await t.registerDevice(mn: "SL0000000000000000000H01")
            let now = Int(Date().timeIntervalSince1970) / 60 * 60
            // Registered half an hour ago (on a day that began at least that long before).
            device.createdAt = Date(unix: max(now - 1800, SummarySpan.day.start(of: now)))
            try await device.update(on: t.db)
            // The last half hour, every other minute.
            let readings = stride(from: now - 1800, to: now, by: 120).map {
                StoredReading(device: device.id!, reading: Reading(deviceID: "", kind: .realTime, time: $0, values: [.pm10: 50]), receivedAt: $0)
            }
            try await t.app.siteLedger.ingest.store(readings)
            try await t.app.siteLedger.monitoring.tick()
            let project = try await t.njProjectID
            let health = try await t.send(.GET, "/api/v1/projects/\(project)/device-health", token: t.login("supervisor")).json()
            let answered = Int(Date().timeIntervalSince1970)
            let row = try #require(health.array.first { (try? $0["mn"].string) == device.mn })
            // Online while its last reading is within three intervals: a machine so loaded that
            // the test took longer rightly sees it offline.
            #expect(row["online"].value as? Bool == true || answered - (now - 120) > 3 * 60)
            #expect(try row["received"].int == min(15, (now - SummarySpan.day.start(of: now)) / 120))
            let restarted = MonitoringWorker(database: t.db, writePath: t.app.siteLedger.writePath, logger: t.app.logger)
            #expect(try await restarted.lastReceived([device.id!]) == [device.id!: now - 120], "a restarted process knows when the device last reported")
            let expected = try row["expected"].int
            let owed = (now - Int(device.createdAt.timeIntervalSince1970)) / 60
            #expect(expected >= owed && expected <= owed + 2, "one a minute since the device was registered")
            #expect(try await t.send(.GET, "/api/v1/projects/\(project)/device-health?day=2026-13-01", token: t.login("owner")).error().field == "day")

            // Registered today with yesterday's 10:00–12:00 imported: it owed from 10:00 on.
            let imported = try await t.registerDevice(mn: "SL0000000000000000000H02")
            let yesterday = SummarySpan.day.start(of: now) - 86_400
            try await t.app.siteLedger.ingest.store(stride(from: yesterday + 10 * 3600, to: yesterday + 12 * 3600, by: 60).map {
                StoredReading(device: imported.id!, reading: Reading(deviceID: "", kind: .realTime, time: $0, values: [.pm10: 50]), receivedAt: $0)
            })
            try await t.app.siteLedger.monitoring.tick()
            let date = Calendar.shanghai.dateComponents([.year, .month, .day], from: Date(unix: yesterday))
            let day = String(format: "%04d-%02d-%02d", date.year!, date.month!, date.day!)
            let history = try await t.send(.GET, "/api/v1/projects/\(project)/device-health?day=\(day)", token: t.login("supervisor")).json()
            let importedRow = try #require(history.array.first { (try? $0["mn"].string) == imported.mn })
            #expect(try importedRow["received"].int == 120 && importedRow["expected"].int == 14 * 60)
            let ranking = try await t.send(.GET, "/api/v1/vendors/ranking?days=1", token: t.login("nj-regulator")).json()
            #expect(ranking.array.contains { ((try? $0["devices"].int) ?? 0) >= 1 })
            #expect(try await t.send(.GET, "/api/v1/vendors/ranking?days=40", token: t.login("nj-regulator")).error().field == "days")
        }
    }
}
