import Fluent
import Foundation
import SQLKit
import Logging
import NIOConcurrencyHelpers
import SiteLedgerCore

/// Keeps what follows from stored readings up to date: the hourly and daily rollups, the rule
/// windows, alarms and integrity findings they feed, the hours' seals in the evidence ledger,
/// and the retention of raw readings.
///
/// Ingest tells it which device-hours it touched; each tick recomputes those, and seals them
/// once they have closed. After a crash the hours touched since the last tick are found again
/// at start (`catchUp`).
final class MonitoringWorker: Sendable {
    private let database: any Database
    private let writePath: WritePath
    private let logger: Logger
    private let touched = NIOLockedValueBox<Set<DeviceHour>>([])
    private let recent = RecentHours()
    /// Touched hours not sealed yet: still open, or the seal failed.
    private let unsealed = NIOLockedValueBox<Set<DeviceHour>>([])
    /// Device → when the platform last received a reading from it, since the last tick
    /// stored these times in `device_status`.
    private let received = NIOLockedValueBox<[UUID: Int]>([:])
    /// Seconds an active alarm may wait for acknowledgement before the regulator is told.
    private let escalation: Int
    private let scanInterval: Int
    private let lastScan = NIOLockedValueBox(Int.min / 2)
    /// Whether retention ran since start: its first run finishes a deletion a stop cut short.
    private let pruneStarted = NIOLockedValueBox(false)
    /// Days of raw readings to keep; nil keeps them all.
    private let retentionDays: Int?

    init(
        database: any Database, writePath: WritePath, logger: Logger, escalation: Duration = .seconds(1800), scanInterval: Duration = .seconds(900),
        retentionDays: Int? = nil
    ) {
        self.escalation = Int(escalation.components.seconds)
        self.scanInterval = Int(scanInterval.components.seconds)
        self.retentionDays = retentionDays
        self.database = database
        self.writePath = writePath
        self.logger = logger
    }

    /// Called once readings are committed, with whether every one of them was new (none was
    /// stored already).
    func noteStored(_ readings: [StoredReading], allNew: Bool) {
        recent.add(readings, allNew: allNew)
        touched.withLockedValue { touched in
            for stored in readings { touched.insert(DeviceHour(device: stored.device, hour: SummarySpan.hour.start(of: stored.reading.time))) }
        }
        received.withLockedValue { received in
            for stored in readings { received[stored.device] = max(received[stored.device] ?? stored.receivedAt, stored.receivedAt) }
        }
    }

    /// When each of `devices` last reported, as far as any process has heard; those never
    /// heard from are absent.
    func lastReceived(_ devices: [UUID]) async throws -> [UUID: Int] {
        let stored = try await DeviceStatus.lastReceived(devices, on: database)
        let fresh = received.withLockedValue { $0 }
        return stored.merging(devices.compactMap { id in fresh[id].map { (id, $0) } }, uniquingKeysWith: max)
    }

    /// Catches up, then ticks every `interval`, telling `metrics` how long each took.
    func run(every interval: Duration, metrics: Metrics) async {
        await timed("catch-up", metrics: metrics) { try await catchUp() }
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            await timed("tick", metrics: metrics) { try await tick() }
        }
    }

    private func timed(_ step: String, metrics: Metrics, _ body: () async throws -> Void) async {
        let clock = ContinuousClock()
        let start = clock.now
        do {
            try await body()
        } catch {
            logger.error("monitoring \(step) failed", metadata: ["error": "\(error)"])
        }
        metrics.observeMonitoringTick(seconds: (clock.now - start).inSeconds)
    }

    /// Brings everything up to date with the readings stored so far, judging the windows
    /// that closed by `now`. Each step runs even when one before it failed (the first failure
    /// is thrown at the end), so that one device's trouble holds back no seal.
    func tick(now: Int = Int(Date().timeIntervalSince1970)) async throws {
        // Hours before the retention boundary keep the rollups and seals of what was deleted:
        // a reading re-sent for one of them changes neither.
        let pruned = try await ReadingsRetention.prunedBefore(on: database)
        // Read before any readings are: an upload that comes after gives its mark a new version.
        let late = try await LateHours.all(on: database)
        let hours = touched.withLockedValue { touched in defer { touched = [] }; return touched }.filter { $0.hour >= pruned }
        var failure: (any Error)?
        func step(_ name: String, _ body: () async throws -> Void) async {
            do { try await body() } catch {
                logger.error("monitoring \(name) failed", metadata: ["error": "\(error)"])
                failure = failure ?? error
            }
        }
        await step("rollups and alarms") {
            do {
                try await RollupStore.recompute(try await recent.samples(of: hours, on: database), on: database, writePath: writePath)
                let byDevice = Dictionary(grouping: hours, by: \.device).mapValues { $0.map(\.hour) }
                for (devices, error) in await evaluateAlarms(hours: byDevice, now: now) {
                    await step("alarm evaluation of \(devices.count) devices") {
                        touched.withLockedValue { $0.formUnion(devices.flatMap { device in (byDevice[device] ?? []).map { DeviceHour(device: device, hour: $0) } }) }
                        throw error
                    }
                }
            } catch {
                touched.withLockedValue { $0.formUnion(hours) }
                throw error
            }
        }
        await step("sealing") { try await seal(adding: hours, since: pruned, now: now) }
        await step("late hours") { try await clear(late, redone: hours, since: pruned) }
        await step("device status") { try await storeReceived() }
        await step("escalation") { try await AlarmService.escalateOverdue(now: now, after: escalation, on: database, writePath: writePath) }
        if lastScan.withLockedValue({ now - $0 >= scanInterval }) {
            await step("integrity scan") { try await scanIntegrity(now: now) }
        }
        if let retentionDays {
            let first = pruneStarted.withLockedValue { started in defer { started = true }; return !started }
            await step("retention") { try await ReadingsRetention.prune(keepingDays: retentionDays, now: now, always: first, on: database, writePath: writePath) }
        }
        recent.release(before: pruned)
        if let failure { throw failure }
    }

    /// Batches of alarm evaluations under way at once: under load each of a batch's queries
    /// waits its turn for one of SQLite's connections, and a batch waiting on one lets another work.
    private static let concurrentBatches = 4

    /// Judges each touched device's rules in the windows its `hours` closed, a batch of devices
    /// at a time; answers the devices whose evaluation failed, with why, grouped by failure.
    private func evaluateAlarms(hours: [UUID: [Int]], now: Int) async -> [(devices: [UUID], error: any Error)] {
        let (database, writePath, recent) = (self.database, self.writePath, self.recent)
        return await withTaskGroup(of: [(devices: [UUID], error: any Error)].self) { group in
            var waiting = Array(hours.keys).chunked(into: AlarmEvaluation.devicesPerBatch)[...]
            func startNext() {
                guard let batch = waiting.popFirst() else { return }
                group.addTask {
                    do {
                        let devices = try await DeviceFacts.load(batch, on: database)
                        let failed = await AlarmEvaluation.evaluate(devices, hours: hours, now: now, recent: recent, on: database, writePath: writePath)
                        return Dictionary(grouping: failed, by: { "\(String(reflecting: $0.error))" }).values.map { ($0.map(\.device), $0[0].error) }
                    } catch {
                        return [(Array(batch), error)]
                    }
                }
            }
            for _ in 0..<Self.concurrentBatches { startNext() }
            var failed: [(devices: [UUID], error: any Error)] = []
            for await batchFailures in group {
                failed += batchFailures
                startNext()
            }
            return failed
        }
    }

    /// Clears the marks of the late hours this tick rolled up, judged and sealed (or that
    /// retention has passed); a mark no tick is working on is taken up again.
    private func clear(_ late: [DeviceHour: Int], redone hours: Set<DeviceHour>, since pruned: Int) async throws {
        let pending = touched.withLockedValue { $0 }.union(unsealed.withLockedValue { $0 })
        let waiting = late.filter { !pending.contains($0.key) }
        let redone = waiting.filter { $0.key.hour < pruned || hours.contains($0.key) }
        touched.withLockedValue { $0.formUnion(waiting.keys.filter { redone[$0] == nil }) }
        try await LateHours.clear(redone, on: database, writePath: writePath)
    }

    private func storeReceived() async throws {
        let times = received.withLockedValue { received in defer { received = [:] }; return received }
        do {
            try await DeviceStatus.record(times, on: database, writePath: writePath)
        } catch {
            received.withLockedValue { $0.merge(times, uniquingKeysWith: max) }
            throw error
        }
    }

    private func seal(adding hours: Set<DeviceHour>, since pruned: Int, now: Int) async throws {
        let pending = unsealed.withLockedValue { unsealed in defer { unsealed = [] }; return unsealed.union(hours) }.filter { $0.hour >= pruned }
        do {
            let open = try await ReadingSeals.seal(pending, now: now, on: database, writePath: writePath)
            unsealed.withLockedValue { $0.formUnion(open) }
        } catch {
            unsealed.withLockedValue { $0.formUnion(pending) }
            throw error
        }
    }

    /// Runs the integrity detectors over the last hours of every station.
    func scanIntegrity(now: Int = Int(Date().timeIntervalSince1970)) async throws {
        lastScan.withLockedValue { $0 = now }
        try await IntegrityScan.run(now: now, on: database, writePath: writePath)
    }

    /// Marks every device's hours from its last rolled-up hour on to be rolled up, judged and
    /// sealed, and those from its last sealed hour on to be sealed, and every hour marked late:
    /// what a crash, or an upgrade from before seals, left behind.
    func catchUp() async throws {
        let redo = try await ReadingStore.hoursSinceLastDone(on: database)
        touched.withLockedValue { $0.formUnion(redo.filter { $0.hour.hour >= $0.rolledUp ?? Int.min }.map(\.hour)) }
        unsealed.withLockedValue { $0.formUnion(redo.filter { $0.hour.hour >= $0.sealed ?? Int.min }.map(\.hour)) }
        let late = try await LateHours.all(on: database).keys
        touched.withLockedValue { $0.formUnion(late) }
        unsealed.withLockedValue { $0.formUnion(late) }
        try await tick()
    }
}
