import Foundation
import Testing
import Fluent
import SQLKit
import SiteLedgerCore
@testable import SiteLedgerServer

@Suite("Monitoring: rollups")
struct RollupTests {
    /// 2026-11-21 00:00 Beijing time.
    static let midnight = 1_795_190_400

    static func store(_ t: TestApp, _ device: UUID, minutes: [Int], pm10: (Int) -> Double) async throws {
        let readings = minutes.map { minute in
            StoredReading(device: device, reading: Reading(deviceID: "", kind: .realTime, time: midnight + minute * 60, values: [.pm10: pm10(minute), .noise: 60]), receivedAt: midnight + minute * 60)
        }
        try await t.app.siteLedger.ingest.store(readings)
    }

    @Test func touchedHoursAndTheirDayAreRecomputedFromTheReadings() async throws {
        try await TestApp.run(demo: true) { t in
            let device = try await t.registerDevice(mn: "SL0000000000000000000R01").requireID()
            let neighbour = try await t.registerDevice(mn: "SL0000000000000000000R06").requireID()
            // 08:00–08:59 at 40 µg/m³ and 09:00–09:29 at 100; the neighbour's 08:00 at 90, in the same tick.
            try await Self.store(t, device, minutes: Array(480..<540), pm10: { _ in 40 })
            try await Self.store(t, device, minutes: Array(540..<570), pm10: { _ in 100 })
            try await Self.store(t, neighbour, minutes: Array(480..<540), pm10: { _ in 90 })
            try await t.app.siteLedger.monitoring.tick()
            let neighbours = try await RollupStore.summaries(of: neighbour, .day, in: Self.midnight..<(Self.midnight + 1), on: t.db)
            #expect(neighbours.map { $0.summary.factors[.pm10] } == [FactorSummary(count: 1, mean: 90, minimum: 90, maximum: 90)], "each device's day from its own hours")
            let hours = try await RollupStore.summaries(of: device, .hour, in: Self.midnight..<(Self.midnight + 86_400), on: t.db)
            #expect(hours.map(\.start) == [Self.midnight + 8 * 3600, Self.midnight + 9 * 3600])
            #expect(hours.map { $0.summary.factors[.pm10]?.mean } == [40, 100])
            #expect(hours.map(\.summary.readings) == [60, 30])
            let day = try #require(try await RollupStore.summaries(of: device, .day, in: Self.midnight..<(Self.midnight + 1), on: t.db).first)
            #expect(day.summary.factors[.pm10] == FactorSummary(count: 2, mean: 70, minimum: 40, maximum: 100))

            // The rest of 09:00 arrives, and a re-sent reading: only the sum of what is stored counts.
            try await Self.store(t, device, minutes: Array(560..<600), pm10: { _ in 100 })
            try await t.app.siteLedger.monitoring.tick()
            let nine = try #require(try await RollupStore.summaries(of: device, .hour, in: (Self.midnight + 9 * 3600)..<(Self.midnight + 10 * 3600), on: t.db).first)
            #expect(nine.summary.readings == 60)
        }
    }

    /// What a restarted worker redoes, found for every device in one query: each device's
    /// hours from its last rolled-up and sealed hour on, and all hours of one never rolled up.
    @Test func aRestartFindsEachDevicesHoursSinceItsLastRollupAndSeal() async throws {
        try await TestApp.run(demo: true) { t in
            let done = try await t.registerDevice(mn: "SL0000000000000000000R04").requireID()
            try await Self.store(t, done, minutes: Array(300..<310) + Array(480..<490), pm10: { _ in 50 })
            try await t.app.siteLedger.monitoring.tick()
            try await Self.store(t, done, minutes: [600], pm10: { _ in 50 })
            let unseen = try await t.registerDevice(mn: "SL0000000000000000000R05").requireID()
            try await Self.store(t, unseen, minutes: [300, 301, 900], pm10: { _ in 70 })

            let found = try await ReadingStore.hoursSinceLastDone(on: t.db).filter { [done, unseen].contains($0.hour.device) }
                .sorted { ($0.hour.device.uuidString, $0.hour.hour) < ($1.hour.device.uuidString, $1.hour.hour) }
            let hour = { (h: Int) in Self.midnight + h * 3600 }
            #expect(found.filter { $0.hour.device == done }.map { "\($0.hour.hour) \($0.rolledUp ?? 0) \($0.sealed ?? 0)" }
                == [8, 10].map { "\(hour($0)) \(hour(8)) \(hour(8))" })
            #expect(found.filter { $0.hour.device == unseen }.map { "\($0.hour.hour) \($0.rolledUp == nil) \($0.sealed == nil)" }
                == [5, 15].map { "\(hour($0)) true true" })
        }
    }

    /// A crash between storing readings and the next tick loses the worker's memory of them:
    /// a fresh worker finds those hours again at start.
    @Test func aRestartedWorkerCatchesUp() async throws {
        try await TestApp.run(demo: true) { t in
            let device = try await t.registerDevice(mn: "SL0000000000000000000R02").requireID()
            try await Self.store(t, device, minutes: Array(480..<490), pm10: { Double($0 - 480) })
            try await t.app.siteLedger.monitoring.tick()
            try await Self.store(t, device, minutes: Array(490..<500) + Array(600..<605), pm10: { Double($0 - 480) })

            try await MonitoringWorker(database: t.db, writePath: t.app.siteLedger.writePath, logger: t.app.logger).catchUp()
            let hours = try await RollupStore.summaries(of: device, .hour, in: Self.midnight..<(Self.midnight + 86_400), on: t.db)
            #expect(hours.map(\.summary.readings) == [20, 5])
            #expect(hours.first?.summary.factors[.pm10]?.mean == 9.5)
        }
    }

    /// The hours the worker holds between ticks give each rollup what a recomputation from the
    /// stored readings gives, to the bit: through re-sent readings with other values (the first
    /// stays), a minute series beside the real-time one, a day's 2031 reading in the first hour
    /// of its day, and a late reading for an hour the worker had let go of.
    @Test func heldHoursRollUpAsTheStoredReadingsDo() async throws {
        try await TestApp.run(demo: true) { t in
            let device = try await t.registerDevice(mn: "SL0000000000000000000R07").requireID()
            // Thirds and tenths: sums whose rounding depends on their order.
            let first = { (minute: Int) in 30.1 + Double(minute % 7) / 3 }
            func store(_ kind: DataKind, _ minutes: some Sequence<Int>, _ pm10: (Int) -> Double) async throws {
                try await t.app.siteLedger.ingest.store(minutes.map { minute in
                    let time = Self.midnight + minute * 60
                    return StoredReading(device: device, reading: Reading(deviceID: "", kind: kind, time: time, values: [.pm10: pm10(minute), .noise: 50 + pm10(minute) / 10]), receivedAt: time)
                })
            }
            func tickAndCompare() async throws {
                try await t.app.siteLedger.monitoring.tick()
                for hour in [0, 8, 12].map({ Self.midnight + $0 * 3600 }) {
                    let stored = try await RollupStore.summaries(of: device, .hour, in: hour..<(hour + 1), on: t.db).first?.summary
                    let readings = try await ReadingStore.readings(of: device, in: hour..<(hour + 3600), on: t.db)
                    #expect(stored == (readings.isEmpty ? nil : PeriodSummary.hour(of: readings.map(Sample.init))), "hour \((hour - Self.midnight) / 3600)")
                }
            }
            try await store(.realTime, 0..<10, first)
            try await store(.realTime, 480..<500, first)
            try await tickAndCompare()
            try await store(.realTime, 490..<520, { 90.7 + Double($0) / 10 })
            try await store(.minute, 480..<485, { _ in 400 })
            try await store(.day, [0], { _ in 900 })
            try await tickAndCompare()
            // Four hours on, 08:00 is no longer held; then a late reading for it, and one re-sent.
            try await store(.realTime, 720..<725, first)
            try await tickAndCompare()
            try await store(.realTime, [530], { _ in 600 })
            try await tickAndCompare()
            try await store(.realTime, [481], { _ in 600 })
            try await tickAndCompare()
            // Every reading of 00:00, long let go of, re-sent with other values: as many as it holds.
            try await store(.realTime, 0..<10, { _ in 700 })
            try await store(.day, [0], { _ in 1 })
            try await tickAndCompare()
            let eight = try #require(try await RollupStore.summaries(of: device, .hour, in: (Self.midnight + 8 * 3600)..<(Self.midnight + 8 * 3600 + 1), on: t.db).first)
            let values = (480..<500).map(first) + (500..<520).map { 90.7 + Double($0) / 10 } + [600]
            #expect(eight.summary.readings == 41)
            #expect(abs(eight.summary.factors[.pm10]!.mean - values.reduce(0, +) / 41) < 1e-9)
            let midnight = try #require(try await RollupStore.summaries(of: device, .hour, in: Self.midnight..<(Self.midnight + 1), on: t.db).first)
            #expect(midnight.summary.readings == 10 && midnight.summary.factors[.pm10]!.maximum < 40, "the day's 900 does not stand for the hour")
        }
    }

    /// The worker holds each device's latest three hours, however many a tick asks for: an hour
    /// held is not read again (a reading deleted behind the platform's back still counts in
    /// it, as the evidence ledger's seals, not the rollups, are there to notice), one beyond
    /// the three is.
    @Test func onlyEachDevicesLatestThreeHoursAreHeld() async throws {
        try await TestApp.run(demo: true) { t in
            let device = try await t.registerDevice(mn: "SL0000000000000000000R08").requireID()
            try await Self.store(t, device, minutes: Array(0..<600), pm10: { _ in 50 })
            try await t.app.siteLedger.monitoring.tick()
            for minute in [130, 490] {
                try await (t.db as! any SQLDatabase).raw("DELETE FROM readings WHERE device_id = \(bind: device) AND data_time = \(bind: Self.midnight + minute * 60)").run()
            }
            // Half a minute after each deleted one: a reading of each hour's own.
            try await t.app.siteLedger.ingest.store([130, 490].map { minute in
                let time = Self.midnight + minute * 60 + 30
                return StoredReading(device: device, reading: Reading(deviceID: "", kind: .realTime, time: time, values: [.pm10: 50]), receivedAt: time)
            })
            try await t.app.siteLedger.monitoring.tick()
            let hours = try await RollupStore.summaries(of: device, .hour, in: Self.midnight..<(Self.midnight + 86_400), on: t.db)
            // 02:00 was read again (59 + 1); 08:00 was held (60 + 1).
            #expect(hours.map(\.summary.readings) == [60, 60, 60, 60, 60, 60, 60, 60, 61, 60])
        }
    }
}
