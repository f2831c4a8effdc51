import Fluent
import SQLKit
import Foundation
import SiteLedgerCore

/// What device health needs of a device, whether read as a model or as a listing.
protocol MonitoredDevice {
    var deviceID: UUID { get }
    var mn: String { get }
    var name: String { get }
    var vendorID: UUID? { get }
    var vendorName: String? { get }
    var intervalSeconds: Int { get }
    var createdAt: Date { get }
}

extension Device: MonitoredDevice {
    var deviceID: UUID { id! }
    var vendorID: UUID? { $vendor.id }
    /// Nil unless the vendor was loaded with the device.
    var vendorName: String? { $vendor.value??.name }
}

/// A working device as the regional lists show it, read in one query without Fluent's models,
/// whose decoding costs more than the query when a regulator's region holds a thousand sites.
struct DeviceListing: MonitoredDevice, Sendable {
    let deviceID: UUID
    let projectID: UUID
    let mn: String
    let name: String
    let vendorID: UUID?
    let vendorName: String?
    let intervalSeconds: Int
    let createdAt: Date

    /// The active devices of `projects`, by MN.
    static func active(inProjects projects: some Collection<UUID>, on db: any Database) async throws -> [DeviceListing] {
        guard !projects.isEmpty else { return [] }
        let d = Device.schema, o = Organization.schema
        return try await (db as! any SQLDatabase).select()
            .column(SQLColumn("id", table: d), as: "device_id").column(SQLColumn("project_id", table: d))
            .column(SQLColumn("mn", table: d)).column(SQLColumn("name", table: d), as: "device_name")
            .column(SQLColumn("vendor_id", table: d)).column(SQLColumn("name", table: o), as: "vendor_name")
            .column(SQLColumn("interval_seconds", table: d)).column(SQLColumn("created_at", table: d))
            .from(d).join(o, method: SQLJoinMethod.left, on: SQLColumn("vendor_id", table: d), .equal, SQLColumn("id", table: o))
            .where(SQLColumn("active", table: d), .equal, SQLBind(true))
            .where(SQLColumn("project_id", table: d), .in, SQLGroupExpression(projects.map { SQLBind($0) }))
            .orderBy(SQLColumn("mn", table: d))
            .all().map { row in
                DeviceListing(
                    deviceID: try row.decode(column: "device_id", as: UUID.self), projectID: try row.decode(column: "project_id", as: UUID.self),
                    mn: try row.decode(column: "mn", as: String.self), name: try row.decode(column: "device_name", as: String.self),
                    vendorID: try row.decode(column: "vendor_id", as: UUID?.self), vendorName: try row.decode(column: "vendor_name", as: String?.self),
                    intervalSeconds: try row.decode(column: "interval_seconds", as: Int.self), createdAt: try row.decode(column: "created_at", as: Date.self)
                )
            }
    }
}

/// What the monitoring worker needs of a device, read as plain columns: a tick reads
/// thousands of devices, and decoding each into a `Device` model (by reflection) cost more
/// than the rest of the tick's reads together.
struct DeviceFacts: Sendable {
    let id: UUID
    let project: UUID
    let kind: DeviceKind
    let mn: String
    let name: String
    let intervalSeconds: Int

    /// Those of `ids` still registered, 500 a query.
    static func load(_ ids: some Collection<UUID>, on database: any Database) async throws -> [DeviceFacts] {
        var found: [DeviceFacts] = []
        for chunk in Array(ids).chunked(into: 500) {
            found += try await selectFacts(on: database).where("id", .in, Array(chunk)).all().map(DeviceFacts.init)
        }
        return found
    }

    /// The active stations of `kind`, each with its project's region code.
    static func active(_ kind: DeviceKind, on database: any Database) async throws -> [(device: DeviceFacts, regionCode: String)] {
        let (d, p) = (Device.schema, Project.schema)
        return try await selectFacts(on: database).column(SQLColumn("region_code", table: p))
            .join(p, on: SQLColumn("project_id", table: d), .equal, SQLColumn("id", table: p))
            .where(SQLColumn("active", table: d), .equal, SQLBind(true)).where(SQLColumn("kind", table: d), .equal, SQLBind(kind.rawValue))
            .all().map { row in (try DeviceFacts(row: row), try row.decode(column: "region_code", as: String.self)) }
    }

    private static func selectFacts(on database: any Database) -> SQLSelectBuilder {
        let d = Device.schema
        return (database as! any SQLDatabase).select().from(d)
            .columns(["id", "project_id", "kind", "mn", "name", "interval_seconds"].map { SQLColumn($0, table: d) })
    }
}

extension DeviceFacts {
    fileprivate init(row: any SQLRow) throws {
        self.init(
            id: try row.decode(column: "id", as: UUID.self), project: try row.decode(column: "project_id", as: UUID.self),
            kind: try row.decode(column: "kind", as: DeviceKind.self), mn: try row.decode(column: "mn", as: String.self),
            name: try row.decode(column: "name", as: String.self), intervalSeconds: try row.decode(column: "interval_seconds", as: Int.self)
        )
    }
}
