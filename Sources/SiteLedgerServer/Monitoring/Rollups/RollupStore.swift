import Foundation
import Fluent
import SQLKit
import SiteLedgerCore

/// A device's hour: the unit rollups are recomputed in.
struct DeviceHour: Hashable, Sendable {
    let device: UUID
    /// Unix seconds at the start of the hour.
    let hour: Int
}

/// The `reading_rollups` table: each device's hours and Beijing days, summarized.
///
/// A touched hour is recomputed from its samples rather than incremented, so a re-sent
/// reading, a late one or a recomputation after a crash all give the same row; the samples
/// come from the hours the worker holds (`RecentHours`), not read back each time.
enum RollupStore {
    static let table = "reading_rollups"

    /// Recomputes each of `hours` from its samples (in time order), and the days that hold them.
    static func recompute(_ hours: [DeviceHour: [Sample]], on database: any Database, writePath: WritePath) async throws {
        guard !hours.isEmpty else { return }
        let hourly = hours.map { ($0.key, SummarySpan.hour, PeriodSummary.hour(of: $0.value)) }
        let days = Set(hours.keys.map { DeviceHour(device: $0.device, hour: SummarySpan.day.start(of: $0.hour)) })
        try await writePath.serializedTransaction(on: database) { db in
            let sql = db as! any SQLDatabase
            try await upsert(hourly, on: sql)
            var daySummaries: [(DeviceHour, SummarySpan, PeriodSummary)] = []
            for (day, devices) in Dictionary(grouping: days, by: \.hour) {
                let hours = try await summaries(of: devices.map(\.device), .hour, in: day..<(day + 86_400), on: db)
                daySummaries += devices.map { ($0, .day, .day(of: hours[$0.device]?.map(\.summary) ?? [])) }
            }
            try await upsert(daySummaries, on: sql)
        }
    }

    /// The stored periods of `device` starting in `times`, in time order.
    static func summaries(of device: UUID, _ span: SummarySpan, in times: Range<Int>, on database: any Database) async throws -> [(start: Int, summary: PeriodSummary)] {
        try await summaries(of: [device], span, in: times, on: database)[device] ?? []
    }

    /// Devices read together: a tick recomputes the same day of many devices.
    private static let devicesPerQuery = 200

    /// The stored periods of each of `devices` starting in `times`, in time order; a device
    /// without any is absent.
    static func summaries(of devices: [UUID], _ span: SummarySpan, in times: Range<Int>, on database: any Database) async throws -> [UUID: [(start: Int, summary: PeriodSummary)]] {
        var found: [UUID: [(start: Int, summary: PeriodSummary)]] = [:]
        for chunk in devices.chunked(into: devicesPerQuery) {
            for row in try await (database as! any SQLDatabase).select().columns(["device_id", "start", "readings"] + statisticColumns).from(table)
                .where("device_id", .in, Array(chunk)).where("span", .equal, span.seconds)
                .where("start", .greaterThanOrEqual, times.lowerBound).where("start", .lessThan, times.upperBound)
                .orderBy("start").all() {
                found[try row.decode(column: "device_id", as: UUID.self), default: []].append((try row.decode(column: "start", as: Int.self), try summary(from: row)))
            }
        }
        return found
    }

    private static let statisticColumns = PeriodSummary.factors.flatMap { factor in
        ["count", "mean", "min", "max"].map { factor.column + "_" + $0 }
    }

    private static func upsert(_ rows: [(DeviceHour, SummarySpan, PeriodSummary)], on sql: any SQLDatabase) async throws {
        // 24 columns a row stays well under SQLite's bound-parameter limit at 500 rows.
        for chunk in rows.chunked(into: 500) {
            try await sql.insert(into: table).columns(["device_id", "span", "start", "readings"] + statisticColumns)
                .rows(chunk.map { key, span, summary in
                    [SQLBind(key.device), SQLBind(span.seconds), SQLBind(Int64(key.hour)), SQLBind(summary.readings)] + binds(summary)
                })
                .onConflict(with: ["device_id", "span", "start"]) { update in
                    (["readings"] + statisticColumns).reduce(update) { $0.set(excludedValueOf: $1) }
                }
                .run()
        }
    }

    private static func binds(_ summary: PeriodSummary) -> [SQLBind] {
        PeriodSummary.factors.flatMap { factor -> [SQLBind] in
            let statistic = summary.factors[factor]
            return [SQLBind(statistic?.count), SQLBind(statistic?.mean), SQLBind(statistic?.minimum), SQLBind(statistic?.maximum)]
        }
    }

    private static func summary(from row: any SQLRow) throws -> PeriodSummary {
        let factors = try PeriodSummary.factors.reduce(into: [Factor: FactorSummary]()) { factors, factor in
            let prefix = factor.column + "_"
            guard let count = try row.decode(column: prefix + "count", as: Int?.self) else { return }
            factors[factor] = FactorSummary(
                count: count, mean: try row.decode(column: prefix + "mean", as: Double.self),
                minimum: try row.decode(column: prefix + "min", as: Double.self), maximum: try row.decode(column: prefix + "max", as: Double.self)
            )
        }
        return PeriodSummary(readings: try row.decode(column: "readings", as: Int.self), factors: factors)
    }
}
