import Foundation
import Testing
import Vapor
import Fluent
import SQLKit
import SiteLedgerCore
@testable import SiteLedgerServer

extension TestApp {
    /// Registers a dust station as the platform, on the Nanjing demo project unless told which.
    func registerDevice(mn: String, password: String = "123456", particulateScale: Double? = nil, project: UUID? = nil) async throws -> Device {
        let project = try await { if let project { project } else { try await njProjectID } }()
        let request = RegisterDeviceRequest(
            kind: .dustNoise, mn: mn, password: password, name: "扬尘监测 \(mn.suffix(4))", vendorId: nil, latitude: 32.04, longitude: 118.78,
            particulateScale: particulateScale, systemCode: nil, intervalSeconds: 60
        )
        return try await app.siteLedger.writePath.perform(on: db, by: .system) { try await DeviceService.register(request, inProject: project, writes: $0) }
    }

    func readingCount() async throws -> Int {
        try await (db as! any SQLDatabase).raw("SELECT COUNT(*) AS n FROM readings").first()!.decode(column: "n", as: Int.self)
    }
}

@Suite("Monitoring: devices and the readings store")
struct MonitoringTests {
    @Test func aDeviceIsRegisteredWithAHashedPasswordAndLogged() async throws {
        try await TestApp.run(demo: true) { t in
            let changes = try await t.changeCount()
            let device = try await t.registerDevice(mn: "SL0000000000000000000001", password: "Pw_2026!")
            #expect(device.passwordDigest.count == 64 && !device.passwordDigest.contains("Pw_2026!"))
            func accepts(_ password: String?) -> Bool { DeviceService.accepts(password, digest: device.passwordDigest, salt: device.passwordSalt) }
            #expect(accepts("Pw_2026!"))
            #expect(!accepts("pw_2026!") && !accepts(nil))
            #expect(try await t.changeCount() == changes + 1)
            let change = try #require(try await ChangeRecord.query(on: t.db).filter(\.$subjectType == "device").first())
            #expect(change.kind == "device.registered" && !change.record.contains("Pw_2026!") && !change.record.contains("password"))
        }
    }

    @Test(arguments: [
        ("short", "123456", "mn"),
        ("SL-000000000000000000001", "123456", "mn"),
        ("SL0000000000000000000002", "12;456", "password"),
        ("SL0000000000000000000002", "", "password"),
        ("SL0000000000000000000002", String(repeating: "x", count: 25), "password"),
    ])
    func badDevicesAreRefusedByField(_ mn: String, _ password: String, _ field: String) async throws {
        try await TestApp.run(demo: true) { t in
            let before = try await Device.query(on: t.db).count()
            await #expect { try await t.registerDevice(mn: mn, password: password) } throws: { ($0 as? APIError)?.field == field }
            #expect(try await Device.query(on: t.db).count() == before)
        }
    }

    @Test func aDuplicateMNIsAConflict() async throws {
        try await TestApp.run(demo: true) { t in
            _ = try await t.registerDevice(mn: "SL0000000000000000000003")
            await #expect { try await t.registerDevice(mn: "SL0000000000000000000003") } throws: {
                ($0 as? APIError)?.code == "duplicate_mn" && ($0 as? APIError)?.field == "mn"
            }
        }
    }

    /// Fifty uploads at once, each of them twice: every reading is stored exactly once, its
    /// factors in their columns, and a re-sent upload changes nothing.
    @Test func concurrentUploadsAreStoredOnceEach() async throws {
        try await TestApp.run(demo: true) { t in
            let device = try await t.registerDevice(mn: "SL0000000000000000000004", particulateScale: 1000)
            let id = try device.requireID()
            let start = HJ212.Timestamp(year: 2026, month: 11, day: 21, hour: 8, minute: 0, second: 0)!.secondsSince1970
            func upload(_ n: Int) throws -> [StoredReading] {
                let packet = try HJ212.Packet(parsing: HJ212.Frame(
                    "QN=1;ST=39;CN=2011;MN=SL0000000000000000000004;Flag=5;CP=&&DataTime=\(HJ212.Timestamp(secondsSince1970: start + n * 60));a34002-Rtd=0.0\(n % 10)5;LA-Rtd=6\(n % 10).5,LA-Flag=\(n == 7 ? "D" : "N")&&"
                ))
                return [StoredReading(device: id, reading: try Reading(packet, particulateScale: device.particulateScale), receivedAt: start + n * 60 + 1)]
            }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for n in 0..<100 {
                    let readings = try upload(n % 50)
                    group.addTask { try await t.app.siteLedger.ingest.store(readings) }
                }
                try await group.waitForAll()
            }
            #expect(try await t.readingCount() == 50)
            let row = try #require(try await (t.db as! any SQLDatabase).raw("SELECT pm10, noise, flags, kind FROM readings WHERE data_time = \(bind: Int64(start + 7 * 60))").first())
            #expect(try row.decode(column: "pm10", as: Double.self) == 75, "0.075 mg/m³ is 75 µg/m³")
            #expect(try row.decode(column: "noise", as: Double.self) == 67.5)
            #expect(try row.decode(column: "flags", as: String?.self) == "noise=D")
            #expect(try row.decode(column: "kind", as: Int.self) == 2011)
        }
    }

    /// An upload that cannot be stored (its device is gone) fails alone; those committed
    /// beside it are stored.
    @Test func anUploadThatCannotBeStoredFailsAlone() async throws {
        try await TestApp.run(demo: true) { t in
            let device = try await t.registerDevice(mn: "SL0000000000000000000005")
            func upload(_ device: UUID, _ n: Int) -> [StoredReading] {
                [StoredReading(device: device, reading: Reading(deviceID: "SL0000000000000000000005", kind: .minute, time: 1_790_000_000 + n * 60, values: [.pm10: Double(n)]), receivedAt: 1_790_000_000)]
            }
            let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
                for n in 0..<30 {
                    let readings = upload(n % 10 == 3 ? UUID() : try device.requireID(), n)
                    group.addTask { (try? await t.app.siteLedger.ingest.store(readings)) != nil }
                }
                return try await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(outcomes.filter { !$0 }.count == 3)
            #expect(try await t.readingCount() == 27)
        }
    }

    /// What a chart draws: one factor's valid values in time order, from every series.
    @Test func aSeriesHoldsOnlyValidValuesOfItsFactor() async throws {
        try await TestApp.run(demo: true) { t in
            let device = try await t.registerDevice(mn: "SL0000000000000000000C01").requireID()
            let start = RollupTests.midnight
            let readings = [
                Reading(deviceID: "", kind: .realTime, time: start + 120, values: [.pm10: 70, .noise: 50]),
                Reading(deviceID: "", kind: .realTime, time: start, values: [.pm10: 40, .pm1: 9], flags: [.pm1: "D"]),
                Reading(deviceID: "", kind: .realTime, time: start + 60, values: [.pm10: 900], flags: [.pm10: "D"]),
                Reading(deviceID: "", kind: .minute, time: start + 60, values: [.pm10: 55]),
                Reading(deviceID: "", kind: .realTime, time: start + 180, values: [.noise: 51]),
                Reading(deviceID: "", kind: .realTime, time: start + 240, values: [.pm10: 9_999]),
                Reading(deviceID: "", kind: .realTime, time: start + 300, values: [.pm10: -1]),
                Reading(deviceID: "", kind: .realTime, time: start + 3600, values: [.pm10: 1]),
            ]
            try await t.app.siteLedger.ingest.store(readings.map { StoredReading(device: device, reading: $0, receivedAt: $0.time) })
            let series = try await ReadingStore.series(of: device, .pm10, in: start..<(start + 3600), on: t.db)
            #expect(series.map(\.time) == [start, start + 60, start + 120])
            #expect(series.map(\.value) == [40, 55, 70], "the faulty 900 and the impossible 9999 and -1 are left out, pm1's flag does not touch pm10")
            let envelope = try await ReadingStore.envelope(of: device, .pm10, in: start..<(start + 3600), bucket: 120, on: t.db)
            #expect(envelope.map(\.time) == [start + 30, start + 30, start + 120] && envelope.map(\.value) == [40, 55, 70], "each two minutes' least and greatest value, at their middle")
        }
    }
}
