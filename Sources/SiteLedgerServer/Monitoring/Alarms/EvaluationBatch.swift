import Fluent
import SQLKit
import Foundation
import SiteLedgerCore

/// What the alarm evaluations of a batch of devices read, read for all of them at once: their
/// projects' rule tables, their readings around the windows being judged, their counties'
/// control points, and what has been judged of their rules.
struct EvaluationBatch {
    /// A device with windows to judge.
    struct Due {
        let device: DeviceFacts
        let first: Int
        /// The ends of the windows to judge: those closing in the touched hours, up to `now`.
        let closing: Range<Int>

        /// Nil when there is nothing to judge: no hours, not a dust and noise station, or only
        /// hours a clock running ahead stamped before they began.
        init?(_ device: DeviceFacts, hours: [Int], now: Int) {
            guard let first = hours.min(), let last = hours.max(), device.kind == .dustNoise, first < now else { return nil }
            self.device = device
            self.first = first
            closing = (first + 1)..<(min(last + 3600, now) + 1)
        }

        var id: UUID { device.id }

        /// The windows of `table`'s rules that close in `closing` and apply, in no order.
        func windows(of table: RuleTable) -> [(rule: MonitoringRule, window: Range<Int>)] {
            table.rules.flatMap { rule in
                rule.window.windows(closingIn: closing).filter { rule.applies(to: $0, days: table.dayDefinition) }.map { (rule, $0) }
            }
        }

        /// The readings its windows need: a daily window reaches back an hour before the first.
        var sampled: Range<Int> { (first - 3600)..<closing.upperBound }
        var controlHours: Range<Int> { (sampled.lowerBound - 3600)..<sampled.upperBound }
    }

    /// What one device's evaluation starts from.
    struct Context {
        let table: RuleTable
        let samples: Samples
        let judged: Judged
    }

    private let tables: [UUID: RuleTable]
    private let projects: [UUID: String]
    private let samples: [UUID: [Sample]]
    private let hours: [UUID: [(start: Int, summary: PeriodSummary)]]
    private let control: [ControlKey: [Int: Double]]
    private let judged: [UUID: Judged]

    /// A county's control points over some hours; the county is the region code's first six digits.
    private struct ControlKey: Hashable {
        let county: String
        let hours: Range<Int>

        init(regionCode: String, hours: Range<Int>) {
            county = String(regionCode.prefix(6))
            self.hours = hours
        }
    }

    static func load(_ due: [Due], recent: RecentHours, on db: any Database) async throws -> EvaluationBatch {
        let projects = try await regionCodes(of: Set(due.map(\.device.project)), on: db)
        var samples: [UUID: [Sample]] = [:]
        for (range, group) in Dictionary(grouping: due, by: \.sampled) {
            samples.merge(try await recent.samples(of: group.map(\.id), in: range, on: db)) { $1 }
        }
        var control: [ControlKey: [Int: Double]] = [:]
        for key in Set(due.compactMap { device in projects[device.device.project].map { ControlKey(regionCode: $0, hours: device.controlHours) } }) {
            control[key] = try await ControlPointStore.countyPM10(key.county, hours: key.hours, on: db)
        }
        let tables = try await RuleBook.tables(for: projects, on: db)
        return EvaluationBatch(
            tables: tables, projects: projects, samples: samples, hours: try await hourlyRollups(for: due, tables: tables, on: db), control: control,
            judged: try await Judged.load(due.map(\.id), since: due.map(\.first).min()! - 3 * 86_400, on: db)
        )
    }

    /// The hourly rollups the daily windows closing for `due` are judged on, read for the
    /// batch at once: at the end of a day every station's daily windows close together.
    private static func hourlyRollups(for due: [Due], tables: [UUID: RuleTable], on db: any Database) async throws -> [UUID: [(start: Int, summary: PeriodSummary)]] {
        let spans = due.compactMap { due -> (device: UUID, hours: Range<Int>)? in
            let daily = tables[due.device.project].map(due.windows)?.filter { $0.rule.window == .day }.map(\.window) ?? []
            guard let first = daily.map(\.lowerBound).min(), let last = daily.map(\.upperBound).max() else { return nil }
            return (due.id, first..<last)
        }
        var hours: [UUID: [(start: Int, summary: PeriodSummary)]] = [:]
        for (range, group) in Dictionary(grouping: spans, by: \.hours) {
            hours.merge(try await RollupStore.summaries(of: group.map(\.device), .hour, in: range, on: db)) { $1 }
        }
        return hours
    }

    /// Nil when the device's project is gone.
    func context(of due: Due) -> Context? {
        let project = due.device.project
        guard let table = tables[project], let regionCode = projects[project] else { return nil }
        let control = self.control[ControlKey(regionCode: regionCode, hours: due.controlHours)] ?? [:]
        return Context(table: table, samples: Samples(samples[due.id] ?? [], hours: hours[due.id] ?? [], control: control), judged: judged[due.id] ?? Judged())
    }

    private static func regionCodes(of projects: Set<UUID>, on db: any Database) async throws -> [UUID: String] {
        let rows = try await (db as! any SQLDatabase).select().columns("id", "region_code").from(Project.schema).where("id", .in, Array(projects)).all()
        return Dictionary(uniqueKeysWithValues: try rows.map { (try $0.decode(column: "id", as: UUID.self), try $0.decode(column: "region_code", as: String.self)) })
    }
}

/// What has been judged of a device's rules, read once per evaluation rather than once per
/// window: its exceedances, each rule's open alarm, and the latest window an alarm of each
/// rule moved on.
struct Judged {
    /// Rule → window start → its local day.
    var exceedances: [String: [Int: Int]] = [:]
    var open: [String: Alarm] = [:]
    var latestWindow: [String: Int] = [:]
    /// Exceedances found in this evaluation, to be recorded at its end.
    var unrecorded: [(rule: String, window: Int, day: Int, value: Double)] = []
    /// Open alarm → the latest window it went on through in this evaluation and its peak
    /// there, to be recorded at its end.
    var kept: [UUID: (window: Int, peak: Double)] = [:]

    /// Each of `devices`' state, with its exceedances from `since` on.
    static func load(_ devices: [UUID], since: Int, on db: any Database) async throws -> [UUID: Judged] {
        let sql = db as! any SQLDatabase
        var judged = Dictionary(uniqueKeysWithValues: devices.map { ($0, Judged()) })
        for row in try await sql.select().columns("device_id", "rule_id", "window_start", "local_day").from(RuleBook.exceedances)
            .where("device_id", .in, devices).where("window_start", .greaterThanOrEqual, since).all() {
            judged[try row.decode(column: "device_id", as: UUID.self)]?
                .exceedances[try row.decode(column: "rule_id", as: String.self), default: [:]][try row.decode(column: "window_start", as: Int.self)] = try row.decode(column: "local_day", as: Int.self)
        }
        for row in try await sql.select().columns("device_id", "rule_id").column(SQLFunction("MAX", args: SQLColumn("latest_window_start")), as: "latest")
            .from(Alarm.schema).where("device_id", .in, devices).groupBy("device_id").groupBy("rule_id").all() {
            judged[try row.decode(column: "device_id", as: UUID.self)]?
                .latestWindow[try row.decode(column: "rule_id", as: String.self)] = Int(try row.decode(column: "latest", as: Date.self).timeIntervalSince1970)
        }
        for alarm in try await Alarm.query(on: db).filter(\.$device.$id ~~ devices).filter(\.$status != .cleared).all() {
            // Were there two, the one judged later is the one that goes on.
            if let other = judged[alarm.$device.id]?.open[alarm.ruleID], other.latestWindowStart > alarm.latestWindowStart { continue }
            judged[alarm.$device.id]?.open[alarm.ruleID] = alarm
        }
        return judged
    }

    func exceedances(of rule: String, day: Int, before window: Int) -> Int {
        exceedances[rule, default: [:]].filter { $0.key < window && $0.value == day }.count
    }
}

/// The valid values a device measured around the windows being judged, and its county's
/// control points.
struct Samples {
    /// The finest series the device sends, as the rollups count it.
    let series: [Sample]
    /// The hourly rollups its daily windows cover.
    let hours: [(start: Int, summary: PeriodSummary)]
    let control: [Int: Double]

    init(_ samples: [Sample], hours: [(start: Int, summary: PeriodSummary)], control: [Int: Double]) {
        series = samples.finestSeries()
        self.hours = hours
        self.control = control
    }

    func values(_ factor: Factor, in window: Range<Int>) -> [Double] {
        series.filter { window.contains($0.time) }.compactMap { $0.measurement(factor) }
    }

    func hourlyMeans(_ factor: Factor, in window: Range<Int>) -> [Double] {
        hours.filter { window.contains($0.start) }.compactMap { $0.summary.factors[factor]?.mean }
    }

    func controlPM10(_ window: Range<Int>) -> [Double] {
        control[SummarySpan.hour.start(of: window.lowerBound)].map { [$0] } ?? []
    }
}
