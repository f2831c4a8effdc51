import Fluent
import SQLKit
import Foundation

/// The `device_status` table: when each device last reported, in Unix seconds.
enum DeviceStatus {
    static let table = "device_status"

    /// Moves each device's time forward to the one given, never back.
    static func record(_ received: [UUID: Int], on database: any Database, writePath: WritePath) async throws {
        guard !received.isEmpty else { return }
        try await writePath.serializedTransaction(on: database) { db in
            for chunk in received.sorted(by: { $0.key < $1.key }).chunked(into: 1_000) {
                try await (db as! any SQLDatabase).insert(into: table).columns("device_id", "last_received_at")
                    .rows(chunk.map { [SQLBind($0.key), SQLBind(Int64($0.value))] })
                    .onConflict(with: ["device_id"]) { update in
                        update.set(excludedValueOf: "last_received_at")
                            .where(SQLExcludedColumn("last_received_at"), .greaterThan, SQLColumn("last_received_at", table: table))
                    }
                    .run()
            }
        }
    }

    /// The stored times of `devices`; those never heard from are absent.
    static func lastReceived(_ devices: [UUID], on database: any Database) async throws -> [UUID: Int] {
        guard !devices.isEmpty else { return [:] }
        let rows = try await (database as! any SQLDatabase).select().columns("device_id", "last_received_at").from(table)
            .where("device_id", .in, devices).all()
        return Dictionary(try rows.map { (try $0.decode(column: "device_id", as: UUID.self), try $0.decode(column: "last_received_at", as: Int.self)) }, uniquingKeysWith: max)
    }
}
