import Foundation
import Testing
import Fluent
import SQLKit
import SiteLedgerCore
@testable import SiteLedgerServer

@Suite("Monitoring: sealed hours in the evidence ledger, and retention")
struct SealTests {
    static let midnight = RollupTests.midnight

    static func readings(_ device: UUID, minutes: [Int], kind: DataKind = .realTime) -> [StoredReading] {
        minutes.map { minute in
            StoredReading(device: device, reading: Reading(deviceID: "", kind: kind, time: midnight + minute * 60, values: [.pm10: Double(minute % 97), .noise: 60]), receivedAt: midnight + minute * 60 + 5)
        }
    }

    /// Registers a station, stores its 08:00–09:59 and ticks at 11:00, which seals both hours.
    static func sealedMorning(_ t: TestApp, mn: String) async throws -> UUID {
        let device = try await t.registerDevice(mn: mn).requireID()
        try await t.app.siteLedger.ingest.store(readings(device, minutes: Array(480..<600)))
        try await t.app.siteLedger.monitoring.tick(now: midnight + 11 * 3600)
        return device
    }

    /// The seals' changes in log order.
    static func seals(_ t: TestApp) async throws -> [(kind: String, label: String)] {
        try await (t.db as! any SQLDatabase).raw("""
            SELECT c.kind, c.subject_label FROM changes c JOIN ledger_entries e ON e.change_id = c.id WHERE c.subject_type = 'readings-hour' ORDER BY e.idx
            """).all().map { (try $0.decode(column: "kind", as: String.self), try $0.decode(column: "subject_label", as: String.self)) }
    }

    @Test func closedHoursAreSealedOnceAndResealedWhenLateReadingsArrive() async throws {
        try await TestApp.run(demo: true) { t in
            let mn = "SL0000000000000000000S01"
            let device = try await t.registerDevice(mn: mn).requireID()
            let worker = t.app.siteLedger.monitoring
            try await t.app.siteLedger.ingest.store(Self.readings(device, minutes: Array(480..<550)))
            try await worker.tick(now: Self.midnight + 9 * 3600 + 4 * 60)
            #expect(try await Self.seals(t).isEmpty, "08:00 is sealed five minutes after it ends, not before")
            try await worker.tick(now: Self.midnight + 9 * 3600 + 30 * 60)
            try await worker.tick(now: Self.midnight + 9 * 3600 + 31 * 60)
            #expect(try await Self.seals(t).map(\.kind) == ["readings.sealed"], "the open 09:00 waits, and 08:00 is sealed once")
            let eight = try #require(try await ReadingsHour.query(on: t.db).filter(\.$hour == Self.midnight + 8 * 3600).first())
            #expect(eight.readings == 60)

            try await worker.tick(now: Self.midnight + 10 * 3600 + 5 * 60)
            // The device's minute series for 08:00 arrives late (补传).
            try await t.app.siteLedger.ingest.store(Self.readings(device, minutes: [500, 501], kind: .minute))
            try await worker.tick(now: Self.midnight + 10 * 3600 + 6 * 60)
            #expect(try await Self.seals(t).map { "\($0.kind) \($0.label)" } == [
                "readings.sealed \(mn) 2026-11-21 08:00", "readings.sealed \(mn) 2026-11-21 09:00", "readings.resealed \(mn) 2026-11-21 08:00",
            ])
            #expect(try await ReadingsHour.find(eight.requireID(), on: t.db)?.readings == 62)
            #expect(try await SiteLedgerRuntime.checkLedger(t.app).clean)
        }
    }

    /// A tick reads many devices' same hour in one query: each device's rollup and seal must
    /// still hold only its own readings.
    @Test func devicesSharingAnHourAreRolledUpAndSealedEachFromItsOwnReadings() async throws {
        try await TestApp.run(demo: true) { t in
            let first = try await t.registerDevice(mn: "SL0000000000000000000S06").requireID()
            let second = try await t.registerDevice(mn: "SL0000000000000000000S07").requireID()
            try await t.app.siteLedger.ingest.store(Self.readings(first, minutes: Array(480..<540)) + Self.readings(second, minutes: Array(480..<500)))
            try await t.app.siteLedger.monitoring.tick(now: Self.midnight + 10 * 3600)
            let eight = (Self.midnight + 8 * 3600)..<(Self.midnight + 9 * 3600)
            for (device, minutes) in [(first, 480..<540), (second, 480..<500)] {
                let count = minutes.count, mean = Double(minutes.map { $0 % 97 }.reduce(0, +)) / Double(minutes.count)
                let rollup = try await RollupStore.summaries(of: device, .hour, in: eight, on: t.db)
                #expect(rollup.map(\.summary.readings) == [count] && rollup.first?.summary.factors[.pm10]?.mean == mean)
                let seal = try await ReadingsHour.query(on: t.db).filter(\.$device.$id == device).all()
                #expect(seal.map(\.readings) == [count])
                #expect(seal.first?.digest == (try await ReadingSeals.digest(of: DeviceHour(device: device, hour: eight.lowerBound), on: t.db)))
            }
        }
    }

    /// Only the worker's memory knows that a late reading changed a sealed hour, until its next
    /// tick reseals it; after a crash in between, a fresh worker must find that hour by itself.
    @Test func aSealedHourChangedJustBeforeACrashIsResealedAtStart() async throws {
        try await TestApp.run(demo: true) { t in
            let mn = "SL0000000000000000000S04"
            let device = try await Self.sealedMorning(t, mn: mn)
            let late = Reading(deviceID: "", kind: .realTime, time: Self.midnight + 500 * 60 + 30, values: [.pm10: 1_000, .noise: 60])
            try await t.app.siteLedger.ingest.store([StoredReading(device: device, reading: late, receivedAt: Self.midnight + 11 * 3600)])
            #expect(try await LateHours.all(on: t.db).keys.sorted { $0.hour < $1.hour } == [DeviceHour(device: device, hour: Self.midnight + 8 * 3600)])

            try await MonitoringWorker(database: t.db, writePath: t.app.siteLedger.writePath, logger: t.app.logger).catchUp()
            #expect(try await Self.seals(t).map { "\($0.kind) \($0.label)" } == [
                "readings.sealed \(mn) 2026-11-21 08:00", "readings.sealed \(mn) 2026-11-21 09:00", "readings.resealed \(mn) 2026-11-21 08:00",
            ])
            let eight = try await RollupStore.summaries(of: device, .hour, in: (Self.midnight + 8 * 3600)..<(Self.midnight + 9 * 3600), on: t.db)
            #expect(eight.map(\.summary.readings) == [61])
            #expect(eight.first?.summary.factors[.pm10]?.maximum == 1_000)
            #expect(try await SiteLedgerRuntime.checkLedger(t.app).clean)
            #expect(try await LateHours.all(on: t.db).isEmpty, "redone, the hour is no longer marked")
        }
    }

    /// The worker reads the marks before the readings: an upload after that must leave the
    /// hour marked, or a crash before the next tick would lose it.
    @Test func aLateHourUploadedToAgainAfterTheWorkerReadItStaysMarked() async throws {
        try await TestApp.run(demo: true) { t in
            let device = try await t.registerDevice(mn: "SL0000000000000000000S05").requireID()
            let eight = DeviceHour(device: device, hour: Self.midnight + 8 * 3600)
            let now = Self.midnight + 12 * 3600
            try await ReadingStore.insert(Self.readings(device, minutes: [480, 481]), now: now, on: t.db, writePath: t.app.siteLedger.writePath)
            try await ReadingStore.insert(Self.readings(device, minutes: [600]), now: Self.midnight + 10 * 3600 + 1, on: t.db, writePath: t.app.siteLedger.writePath)
            let read = try await LateHours.all(on: t.db)
            #expect(read == [eight: 1], "10:00 was still open when its reading came")

            try await ReadingStore.insert(Self.readings(device, minutes: [482]), now: now, on: t.db, writePath: t.app.siteLedger.writePath)
            try await ReadingStore.insert(Self.readings(device, minutes: [482]), now: now, on: t.db, writePath: t.app.siteLedger.writePath)
            try await LateHours.clear(read, on: t.db, writePath: t.app.siteLedger.writePath)
            #expect(try await LateHours.all(on: t.db) == [eight: 3], "a re-sent upload counts too: its transaction may have carried news")
            try await LateHours.clear([eight: 3], on: t.db, writePath: t.app.siteLedger.writePath)
            #expect(try await LateHours.all(on: t.db).isEmpty)
        }
    }

    @Test func ledgerCheckFindsReadingsChangedOrDeletedAfterSealing() async throws {
        try await TestApp.run(demo: true) { t in
            let mn = "SL0000000000000000000S02"
            _ = try await Self.sealedMorning(t, mn: mn)
            #expect(try await SiteLedgerRuntime.checkLedger(t.app).clean)

            let sql = t.db as! any SQLDatabase
            try await sql.raw("UPDATE readings SET pm10 = 35 WHERE data_time = \(bind: Self.midnight + 500 * 60)").run()
            try await sql.raw("DELETE FROM readings WHERE data_time = \(bind: Self.midnight + 560 * 60)").run()
            let (lines, clean) = try await SiteLedgerRuntime.checkLedger(t.app)
            #expect(!clean)
            let problems = lines.filter { $0.contains("readings-hour") }
            #expect(problems.count == 2, "\(lines)")
            #expect(problems.contains { $0.contains("\(mn) 2026-11-21 08:00") && $0.hasSuffix("differs from the logged record in: sha256") })
            #expect(problems.contains { $0.contains("\(mn) 2026-11-21 09:00") && $0.hasSuffix("differs from the logged record in: readings, sha256") })
        }
    }

    @Test func sealedHoursShowOnlyToThoseWhoMayReadTheProject() async throws {
        try await TestApp.run(demo: true) { t in
            let device = try await t.registerDevice(mn: "SL0000000000000000000S03").requireID()
            try await t.app.siteLedger.ingest.store(Self.readings(device, minutes: [480]))
            try await t.app.siteLedger.monitoring.tick(now: Self.midnight + 10 * 3600)
            let change = try #require(try await ChangeRecord.query(on: t.db).filter(\.$kind == "readings.sealed").first())
            let index = try #require(try await t.ledger.store.index(of: change.requireID()))
            for (role, sees) in [("nj-regulator", true), ("owner", true), ("vendor", true), ("dg-regulator", false), ("testing", false)] {
                let entry = try await t.send(.GET, "/api/v1/ledger/entries/\(index)", token: try await t.login(role)).json()
                #expect(!entry["record"].isNull == sees, "\(role)")
            }
        }
    }

    @Test func retentionDeletesOldReadingsAndKeepsTheirSealsAndRollups() async throws {
        try await TestApp.run(demo: true) { t in
            let device = try await t.registerDevice(mn: "SL0000000000000000000S04").requireID()
            let now = Self.midnight + 12 * 3600
            // Forty days ago and yesterday.
            let old = Self.readings(device, minutes: Array((-40 * 1440 + 480)..<(-40 * 1440 + 540)))
            let recent = Self.readings(device, minutes: Array((-1440 + 480)..<(-1440 + 540)))
            try await t.app.siteLedger.ingest.store(old + recent)
            let worker = MonitoringWorker(database: t.db, writePath: t.app.siteLedger.writePath, logger: t.app.logger, retentionDays: 31)
            worker.noteStored(old + recent, allNew: false)
            try await worker.tick(now: now)
            try await worker.tick(now: now + 60)

            #expect(try await t.readingCount() == 60, "only yesterday's readings remain")
            let kept = try await RollupStore.summaries(of: device, .hour, in: (Self.midnight - 41 * 86_400)..<now, on: t.db)
            #expect(kept.map(\.summary.readings) == [60, 60], "both hours' rollups remain")
            #expect(try await ReadingsHour.query(on: t.db).filter(\.$device.$id == device).count() == 2)
            let pruned = try await ChangeRecord.query(on: t.db).filter(\.$kind == "readings.pruned").all()
            #expect(pruned.count == 1, "the second tick finds nothing more to delete")
            #expect(pruned.first?.summary.contains("删除 2026-10-21 之前的原始监测数据") == true, "\(pruned.first?.summary ?? "")")
            #expect(try await SiteLedgerRuntime.checkLedger(t.app).clean, "a pruned hour is checked against its seal")

            // A device re-sends a reading of the pruned hour: what was kept of the hour stays.
            let resent = Array(old.prefix(1))
            try await t.app.siteLedger.ingest.store(resent)
            worker.noteStored(resent, allNew: false)
            try await worker.tick(now: now + 120)
            #expect(try await RollupStore.summaries(of: device, .hour, in: (Self.midnight - 41 * 86_400)..<now, on: t.db).map(\.summary.readings) == [60, 60])
            #expect(try await ReadingsHour.query(on: t.db).filter(\.$hour < Self.midnight - 30 * 86_400).first()?.readings == 60)
            #expect(try await SiteLedgerRuntime.checkLedger(t.app).clean)

            try await ReadingsHour.query(on: t.db).filter(\.$hour < Self.midnight - 30 * 86_400).set(\.$readings, to: 59).update()
            #expect(try await !SiteLedgerRuntime.checkLedger(t.app).clean, "and its seal still may not change")
        }
    }

    @Test func aRetentionTooShortToChartAMonthIsRefused() throws {
        var settings = Settings.fromEnvironment(["SITELEDGER_READINGS_RETENTION_DAYS": "400"])
        #expect(settings.readingsRetentionDays == 400)
        try settings.validate()
        for text in ["30", "36501", "thirty", ""] {
            settings = Settings.fromEnvironment(["SITELEDGER_READINGS_RETENTION_DAYS": text])
            #expect(throws: SettingsError.self, "\(text)") { try settings.validate() }
        }
    }
}
