import Fluent
import SQLKit
import Foundation
import SiteLedgerCore

/// Judges the windows of a device's rules that closed in the hours ingest touched, in time
/// order, and raises, keeps or clears its alarms: one open alarm per device and rule.
enum AlarmEvaluation {
    static func evaluate(_ device: Device, hours: [Int], now: Int, on db: any Database, writePath: WritePath) async throws {
        guard let first = hours.min(), let last = hours.max(), device.kind == .dustNoise else { return }
        let project = try await Project.find(device.$project.id, on: db)
        guard let project else { return }
        let table = try await RuleBook.table(regionCode: project.regionCode, project: project.requireID(), on: db)
        // A clock running ahead stamps hours that have not closed yet: nothing to judge there.
        guard first < now else { return }
        let closing = (first + 1)..<(min(last + 3600, now) + 1)
        let samples = try await Samples.load(device, from: first - 3600, to: closing.upperBound, county: String(project.regionCode.prefix(6)), on: db)
        let judged = table.rules.flatMap { rule in
            rule.window.windows(closingIn: closing).filter { rule.applies(to: $0, days: table.dayDefinition) }.map { (rule, $0) }
        }.sorted { $0.1.upperBound < $1.1.upperBound }
        var state = try await Judged.load(try device.requireID(), since: first - 3 * 86_400, on: db)
        for (rule, window) in judged {
            let values = rule.window == .day ? try await samples.hourlyMeans(rule.factor, in: window, on: db) : samples.values(rule.factor, in: window)
            let interval = rule.window == .day ? 3600 : device.intervalSeconds
            guard let value = rule.value(site: values, interval: interval, controlPoints: samples.controlPM10(window)) else { continue }
            try await judge(rule, window: window, value: value, device: device, days: table.dayDefinition, state: &state, on: db, writePath: writePath)
        }
        try await record(state, device: device.requireID(), on: db, writePath: writePath)
    }

    /// Records the evaluation's exceedances and the windows its open alarms went on through, in
    /// one turn of the writer rather than one per window: under load each turn waits behind
    /// ingest's. Were the alarms' writes before to fail first, the next tick judges these
    /// windows again.
    private static func record(_ state: Judged, device: UUID, on db: any Database, writePath: WritePath) async throws {
        guard !state.unrecorded.isEmpty || !state.kept.isEmpty else { return }
        try await writePath.serialized {
            try await RuleBook.recordExceedances(device: device, state.unrecorded, on: db)
            // Read again: someone may have acknowledged or assigned them since the evaluation began.
            for alarm in try await Alarm.query(on: db).filter(\.$id ~~ Set(state.kept.keys)).all() {
                guard let kept = state.kept[alarm.id!] else { continue }
                try await AlarmService.keep(alarm, latestWindow: kept.window, peak: kept.peak, on: db)
            }
        }
    }

    private static func judge(
        _ rule: MonitoringRule, window: Range<Int>, value: Double, device: Device, days: DayDefinition, state: inout Judged, on db: any Database, writePath: WritePath
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

/// What has been judged of a device's rules, read once per evaluation rather than once per
/// window: its exceedances, each rule's open alarm, and the latest window an alarm of each
/// rule moved on.
private struct Judged {
    /// Rule → window start → its local day.
    var exceedances: [String: [Int: Int]]
    var open: [String: Alarm]
    var latestWindow: [String: Int]
    /// Exceedances found in this evaluation, to be recorded at its end.
    var unrecorded: [(rule: String, window: Int, day: Int, value: Double)] = []
    /// Open alarm → the latest window it went on through in this evaluation and its peak
    /// there, to be recorded at its end.
    var kept: [UUID: (window: Int, peak: Double)] = [:]

    static func load(_ device: UUID, since: Int, on db: any Database) async throws -> Judged {
        let sql = db as! any SQLDatabase
        var exceedances: [String: [Int: Int]] = [:]
        for row in try await sql.select().columns("rule_id", "window_start", "local_day").from(RuleBook.exceedances)
            .where("device_id", .equal, device).where("window_start", .greaterThanOrEqual, since).all() {
            exceedances[try row.decode(column: "rule_id", as: String.self), default: [:]][try row.decode(column: "window_start", as: Int.self)] = try row.decode(column: "local_day", as: Int.self)
        }
        let latest = try await sql.select().column("rule_id").column(SQLFunction("MAX", args: SQLColumn("latest_window_start")), as: "latest")
            .from(Alarm.schema).where("device_id", .equal, device).groupBy("rule_id").all()
        let open = try await Alarm.query(on: db).filter(\.$device.$id == device).filter(\.$status != .cleared).all()
        return Judged(
            exceedances: exceedances,
            open: Dictionary(open.map { ($0.ruleID, $0) }, uniquingKeysWith: { $0.latestWindowStart > $1.latestWindowStart ? $0 : $1 }),
            latestWindow: Dictionary(try latest.map { (try $0.decode(column: "rule_id", as: String.self), Int(try $0.decode(column: "latest", as: Date.self).timeIntervalSince1970)) },
                                     uniquingKeysWith: max)
        )
    }

    func exceedances(of rule: String, day: Int, before window: Int) -> Int {
        exceedances[rule, default: [:]].filter { $0.key < window && $0.value == day }.count
    }
}

/// The valid values a device measured around the windows being judged, and its county's
/// control points.
private struct Samples {
    let device: UUID
    let readings: [Reading]
    let control: [Int: Double]

    static func load(_ device: Device, from: Int, to: Int, county: String, on db: any Database) async throws -> Samples {
        let readings = try await ReadingStore.readings(of: device.requireID(), in: from..<to, on: db)
        // The finest series the device sends, as the rollups count it.
        let finest = readings.map(\.kind.rawValue).min()
        return Samples(
            device: try device.requireID(), readings: readings.filter { $0.kind.rawValue == finest },
            control: try await ControlPointStore.countyPM10(county, hours: (from - 3600)..<to, on: db)
        )
    }

    func values(_ factor: Factor, in window: Range<Int>) -> [Double] {
        readings.filter { window.contains($0.time) }.compactMap { $0.measurement(factor) }
    }

    func hourlyMeans(_ factor: Factor, in window: Range<Int>, on db: any Database) async throws -> [Double] {
        try await RollupStore.summaries(of: device, .hour, in: window, on: db).compactMap { $0.summary.factors[factor]?.mean }
    }

    func controlPM10(_ window: Range<Int>) -> [Double] {
        control[SummarySpan.hour.start(of: window.lowerBound)].map { [$0] } ?? []
    }
}
