import Vapor
import Fluent
import SQLKit
import Foundation
import SiteLedgerCore

/// What a region or a project changes in the rules above it.
struct RuleOverrides: Content, Equatable {
    var rules: [MonitoringRule]
    var remove: [String]?
    var dayDefinition: DayDefinition?
}

/// A scope's overrides as the ledger commits to them.
struct StoredRuleOverrides: LedgerRecord {
    let scope: String
    let overrides: RuleOverrides
}

/// The rule tables in force: the national defaults (DOMAIN.md §2), then each region's
/// overrides from the province down to the county, then the project's own.
enum RuleBook {
    static let overrides = "rule_overrides"
    static let exceedances = "rule_exceedances"

    static func table(regionCode: String, project: UUID, on db: any Database) async throws -> RuleTable {
        try await tables(for: [project: regionCode], on: db)[project]!
    }

    /// The table in force for each project (id → region code), their scopes' overrides read in
    /// one query and each decoded once.
    static func tables(for projects: [UUID: String], on db: any Database) async throws -> [UUID: RuleTable] {
        func scopes(regionCode: String, project: UUID) -> [String] {
            [2, 4, 6].filter { $0 <= regionCode.count }.map { "region:" + regionCode.prefix($0) } + ["project:\(project)"]
        }
        let wanted = Set(projects.flatMap { scopes(regionCode: $0.value, project: $0.key) })
        var stored: [String: RuleOverrides] = [:]
        for chunk in Array(wanted).chunked(into: 500) {
            for row in try await (db as! any SQLDatabase).select().columns("scope", "table_json").from(overrides).where("scope", .in, Array(chunk)).all() {
                stored[try row.decode(column: "scope", as: String.self)] = try JSONDecoder().decode(RuleOverrides.self, from: Data(try row.decode(column: "table_json", as: String.self).utf8))
            }
        }
        return projects.reduce(into: [:]) { tables, project in
            tables[project.key] = scopes(regionCode: project.value, project: project.key).compactMap { stored[$0] }.reduce(RuleTable.national) { apply($1, to: $0) }
        }
    }

    static func apply(_ overrides: RuleOverrides, to table: RuleTable) -> RuleTable {
        var result = table.overriding(overrides.rules, removing: Set(overrides.remove ?? []))
        if let days = overrides.dayDefinition { result.dayDefinition = days }
        return result
    }

    /// Stores `overrides` for `scope` (`region:3201`, `project:<id>`) once the table they make
    /// is valid, as a logged change; the first wrong field is refused as `rules[id].field`.
    static func store(_ overrides: RuleOverrides, scope: String, over base: RuleTable, writes: Writes) async throws {
        do {
            try apply(overrides, to: base).validate()
        } catch {
            throw APIError.invalid(error.ruleID.map { "rules[\($0)].\(error.field)" } ?? error.field, en: error.description, zh: error.messageZH)
        }
        let sql = writes.database as! any SQLDatabase
        let existing = try await sql.select().column("id").from(Self.overrides).where("scope", .equal, scope).first()?.decode(column: "id", as: UUID.self)
        let id = existing ?? UUID()
        try await sql.insert(into: Self.overrides).columns("id", "scope", "table_json").values(SQLBind(id), SQLBind(scope), SQLBind(try Change.canonicalJSON(overrides)))
            .onConflict(with: ["scope"]) { $0.set(excludedValueOf: "table_json") }.run()
        writes.record(Change(
            kind: "rules.overridden", subjectType: "rule-overrides", subjectID: id, subjectLabel: scope,
            summary: "调整监测规则（\(scope)）", record: StoredRuleOverrides(scope: scope, overrides: overrides)
        ))
    }

    /// The overrides stored under `id`, as their change logged them.
    static func stored(_ id: UUID, on db: any Database) async throws -> StoredRuleOverrides? {
        guard let row = try await (db as! any SQLDatabase).select().columns("scope", "table_json").from(overrides).where("id", .equal, id).first() else { return nil }
        return StoredRuleOverrides(
            scope: try row.decode(column: "scope", as: String.self),
            overrides: try JSONDecoder().decode(RuleOverrides.self, from: Data(try row.decode(column: "table_json", as: String.self).utf8))
        )
    }

    /// Records exceedances (device, rule, window start, local day, value), those already
    /// recorded left as they were.
    static func recordExceedances(_ rows: [(device: UUID, rule: String, window: Int, day: Int, value: Double)], on db: any Database) async throws {
        // Five binds a row: well under SQLite's limit at a thousand rows.
        for chunk in rows.chunked(into: 1_000) {
            try await (db as! any SQLDatabase).insert(into: exceedances).columns("device_id", "rule_id", "window_start", "local_day", "value")
                .rows(chunk.map { [SQLBind($0.device), SQLBind($0.rule), SQLBind(Int64($0.window)), SQLBind($0.day), SQLBind($0.value)] })
                .ignoringConflicts(with: ["device_id", "rule_id", "window_start"]).run()
        }
    }
}
