import Vapor
import Fluent
import SQLKit
import Foundation
import SiteLedgerCore

/// 原始数据保存期限 — how long raw readings are kept. Readings taken before `prunedBefore`
/// have been deleted on purpose, a logged change; their hours' seals remain as the evidence of
/// what they held, and the rollups remain for charts and reports.
final class ReadingsRetention: Model, @unchecked Sendable {
    static let schema = "readings_retention"
    /// The one row.
    static let rowID = UUID(uuidString: "5E1EC7ED-0000-4000-8000-000000000001")!

    @ID(key: .id) var id: UUID?
    /// Unix seconds: no readings are kept from before this Beijing midnight.
    @Field(key: "pruned_before") var prunedBefore: Int
    @Field(key: "days") var days: Int

    init() {}

    private init(id: UUID) {
        self.id = id
    }

    /// The retentions `serve` accepts: at least a month, since the 30-day charts and the
    /// 24-hour rules read raw readings; at most a century.
    static let allowedDays = 31...36_500

    /// No readings from before the answer remain; `Int.min` when none were ever pruned.
    static func prunedBefore(on database: any Database) async throws -> Int {
        try await ReadingsRetention.find(rowID, on: database)?.prunedBefore ?? Int.min
    }

    /// Moves the boundary to the Beijing midnight `days` days before `now` when it has passed
    /// it, logging the move first: from then on the hours before it are checked against their
    /// seals. Then, when it moved or `always`, deletes the readings before the boundary device
    /// by device, so that a deletion cut short finishes on the next call.
    static func prune(keepingDays days: Int, now: Int, always: Bool, on database: any Database, writePath: WritePath) async throws {
        let cutoff = SummarySpan.day.start(of: now - days * 86_400)
        let current = try await ReadingsRetention.find(rowID, on: database)
        let boundary = max(cutoff, current?.prunedBefore ?? Int.min)
        if cutoff > current?.prunedBefore ?? Int.min {
            try await writePath.perform(on: database, by: .system) { writes in
                let row = current ?? ReadingsRetention(id: rowID)
                row.prunedBefore = cutoff
                row.days = days
                try await row.save(on: writes.database)
                writes.record(Change(
                    kind: "readings.pruned", subjectType: "readings-retention", subjectID: rowID, subjectLabel: "readings",
                    summary: "按保存期限 \(days) 天删除 \(Date(unix: cutoff).shanghaiDay) 之前的原始监测数据；小时封存与统计保留",
                    record: ReadingsRetentionRecord(row)
                ))
            }
        } else if !always {
            return
        }
        for device in try await Device.query(on: database).all() {
            try await writePath.serializedTransaction(on: database) { db in
                try await (db as! any SQLDatabase).delete(from: ReadingStore.table)
                    .where("device_id", .equal, SQLBind(try device.requireID())).where("data_time", .lessThan, boundary).run()
            }
        }
    }
}

struct ReadingsRetentionRecord: Content, LedgerRecord {
    let prunedBefore: Date
    let days: Int

    init(_ row: ReadingsRetention) {
        self.prunedBefore = Date(unix: row.prunedBefore)
        self.days = row.days
    }
}
