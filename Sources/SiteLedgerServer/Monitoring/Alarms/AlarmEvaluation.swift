import Fluent
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
        for (rule, window) in judged {
            let values = rule.window == .day ? try await samples.hourlyMeans(rule.factor, in: window, on: db) : samples.values(rule.factor, in: window)
            let interval = rule.window == .day ? 3600 : device.intervalSeconds
            guard let value = rule.value(site: values, interval: interval, controlPoints: samples.controlPM10(window)) else { continue }
            try await judge(rule, window: window, value: value, device: device, days: table.dayDefinition, on: db, writePath: writePath)
        }
    }

    private static func judge(_ rule: MonitoringRule, window: Range<Int>, value: Double, device: Device, days: DayDefinition, on db: any Database, writePath: WritePath) async throws {
        let id = try device.requireID()
        let day = days.localDay(at: window.lowerBound)
        let earlier = try await RuleBook.exceedancesEarlier(device: id, rule: rule.id, before: window.lowerBound, day: day, on: db)
        let verdict = rule.verdict(value: value, exceedancesEarlierToday: earlier)
        if case .exceeds = verdict {
            try await writePath.serialized { try await RuleBook.recordExceedance(device: id, rule: rule.id, window: window.lowerBound, day: day, value: value, on: db) }
        }
        // A window no later than one an alarm of this rule already judged is history (a late
        // or re-sent reading): it is counted, but moves no alarm.
        let latest = try await Alarm.query(on: db).filter(\.$device.$id == id).filter(\.$ruleID == rule.id).sort(\.$latestWindowStart, .descending).first()
        if let latest, window.lowerBound <= Int(latest.latestWindowStart.timeIntervalSince1970) { return }
        let open = latest?.status == .cleared ? nil : latest
        switch AlarmLifecycle.transition(open: open?.status, verdict: verdict) {
        case .raise:
            try await writePath.perform(on: db, by: .system) { try await AlarmService.raise(rule, device: device, window: window, value: value, writes: $0) }
        case .keep:
            if let open { try await AlarmService.keep(open, window: window, value: value, on: db, writePath: writePath) }
        case .clear:
            if let open { try await writePath.perform(on: db, by: .system) { try await AlarmService.clear(open, window: window, value: value, writes: $0) } }
        case nil:
            return
        }
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
        readings.filter { window.contains($0.time) && $0.flags[factor] == nil }.compactMap { $0.values[factor] }
    }

    func hourlyMeans(_ factor: Factor, in window: Range<Int>, on db: any Database) async throws -> [Double] {
        try await RollupStore.summaries(of: device, .hour, in: window, on: db).compactMap { $0.summary.factors[factor]?.mean }
    }

    func controlPM10(_ window: Range<Int>) -> [Double] {
        control[SummarySpan.hour.start(of: window.lowerBound)].map { [$0] } ?? []
    }
}
