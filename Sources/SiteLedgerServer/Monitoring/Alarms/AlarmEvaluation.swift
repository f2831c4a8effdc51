import Fluent
import SQLKit
import Foundation
import SiteLedgerCore

/// Judges the windows of devices' rules that closed in the hours ingest touched, in time
/// order, and raises, keeps or clears their alarms: one open alarm per device and rule.
///
/// Devices are judged a batch at a time: what their evaluations read is read for the whole
/// batch in a handful of queries (`EvaluationBatch`), and what they found is recorded in one
/// turn of the writer. Judged one by one, a tick of three thousand stations made some twenty
/// thousand small queries, and building, preparing and decoding them was most of the tick.
enum AlarmEvaluation {
    /// Devices read and recorded together.
    static let devicesPerBatch = 200

    /// Judges `devices`, whose readings touched `hours`, in the windows that closed by `now`;
    /// answers the devices whose evaluation failed, with why. Reading or recording the batch
    /// fails every device in it; an alarm that cannot be raised or cleared fails its device.
    static func evaluate(
        _ devices: [DeviceFacts], hours: [UUID: [Int]], now: Int, recent: RecentHours, on db: any Database, writePath: WritePath
    ) async -> [(device: UUID, error: any Error)] {
        let due = devices.compactMap { EvaluationBatch.Due($0, hours: hours[$0.id] ?? [], now: now) }
        guard !due.isEmpty else { return [] }
        let batch: EvaluationBatch
        do { batch = try await EvaluationBatch.load(due, recent: recent, on: db) } catch { return due.map { ($0.id, error) } }
        var failed: [(device: UUID, error: any Error)] = []
        var found: [(device: UUID, judged: Judged)] = []
        for device in due {
            guard let context = batch.context(of: device) else { continue }
            do {
                found.append((device.id, try await judge(device, from: context, on: db, writePath: writePath)))
            } catch {
                failed.append((device.id, error))
            }
        }
        do {
            try await record(found, on: db, writePath: writePath)
        } catch {
            return failed + found.map { ($0.device, error) }
        }
        return failed
    }

    /// Judges `due`'s windows in the order they closed.
    private static func judge(_ due: EvaluationBatch.Due, from context: EvaluationBatch.Context, on db: any Database, writePath: WritePath) async throws -> Judged {
        let table = context.table
        let judged = due.windows(of: table).sorted { $0.window.upperBound < $1.window.upperBound }
        var state = context.judged
        let samples = context.samples
        for (rule, window) in judged {
            let values = rule.window == .day ? samples.hourlyMeans(rule.factor, in: window) : samples.values(rule.factor, in: window)
            let interval = rule.window == .day ? 3600 : due.device.intervalSeconds
            guard let value = rule.value(site: values, interval: interval, controlPoints: samples.controlPM10(window)) else { continue }
            try await judge(rule, window: window, value: value, device: due.device, days: table.dayDefinition, state: &state, on: db, writePath: writePath)
        }
        return state
    }

    /// Records the batch's exceedances and the windows its open alarms went on through, in one
    /// turn of the writer rather than one per window or device: under load each turn waits
    /// behind ingest's. Were the alarms' writes before to fail first, the next tick judges these
    /// windows again.
    private static func record(_ found: [(device: UUID, judged: Judged)], on db: any Database, writePath: WritePath) async throws {
        let exceedances = found.flatMap { device, judged in judged.unrecorded.map { (device: device, rule: $0.rule, window: $0.window, day: $0.day, value: $0.value) } }
        let kept = found.reduce(into: [UUID: (window: Int, peak: Double)]()) { $0.merge($1.judged.kept) { $1 } }
        guard !exceedances.isEmpty || !kept.isEmpty else { return }
        try await writePath.serialized {
            try await RuleBook.recordExceedances(exceedances, on: db)
            // Read again: someone may have acknowledged or assigned them since the evaluation began.
            for ids in Array(kept.keys).chunked(into: devicesPerBatch) {
                for alarm in try await Alarm.query(on: db).filter(\.$id ~~ ids).all() {
                    guard let kept = kept[alarm.id!] else { continue }
                    try await AlarmService.keep(alarm, latestWindow: kept.window, peak: kept.peak, on: db)
                }
            }
        }
    }

    private static func judge(
        _ rule: MonitoringRule, window: Range<Int>, value: Double, device: DeviceFacts, days: DayDefinition, state: inout Judged, on db: any Database, writePath: WritePath
    ) async throws {
        let day = days.localDay(at: window.lowerBound)
        let verdict = rule.verdict(value: value, exceedancesEarlierToday: state.exceedances(of: rule.id, day: day, before: window.lowerBound))
        if case .exceeds = verdict, state.exceedances[rule.id, default: [:]].updateValue(day, forKey: window.lowerBound) == nil {
            state.unrecorded.append((rule.id, window.lowerBound, day, value))
        }
        // A window no later than one an alarm of this rule already judged is history (a late
        // or re-sent reading): it is counted, but moves no alarm.
        if let latest = state.latestWindow[rule.id], window.lowerBound <= latest { return }
        let open = state.open[rule.id]
        switch AlarmLifecycle.transition(open: open?.status, verdict: verdict) {
        case .raise:
            state.open[rule.id] = try await writePath.perform(on: db, by: .system) { try await AlarmService.raise(rule, device: device, window: window, value: value, writes: $0) }
        case .keep:
            if let id = open?.id { state.kept[id] = (window.lowerBound, max(state.kept[id]?.peak ?? value, value)) }
        case .clear:
            if let id = open?.id {
                let kept = state.kept.removeValue(forKey: id)
                try await writePath.perform(on: db, by: .system) { writes in
                    guard let current = try await Alarm.find(id, on: writes.database) else { return }
                    current.peak = max(current.peak, kept?.peak ?? current.peak)
                    try await AlarmService.clear(current, window: window, value: value, writes: writes)
                }
            }
            state.open[rule.id] = nil
        case nil:
            return
        }
        state.latestWindow[rule.id] = window.lowerBound
    }
}
