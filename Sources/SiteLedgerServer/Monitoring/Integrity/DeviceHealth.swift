import Vapor
import Fluent
import SQLKit
import SiteLedgerCore

/// 设备在线与数据完整率 — whether each device is reporting, and how much of what it owed a day
/// arrived: what Jiangsu asks integration vendors' service to be judged by.
enum DeviceHealth {
    struct Row: Content {
        let deviceId: UUID
        let mn: String
        let name: String
        let vendorId: UUID?
        let vendorName: String?
        /// Data within `offlineAfterIntervals` intervals of now.
        let online: Bool
        let lastSeenAt: Date?
        /// Readings owed over the period so far (one per interval) and those received.
        let expected: Int
        let received: Int
        let completeness: Double
    }

    /// Every device of `devices` over the Beijing days starting at `days.lowerBound`, up to `now`.
    static func rows(_ devices: [some MonitoredDevice], days: Range<Int>, now: Int, offlineAfterIntervals: Int, worker: MonitoringWorker, on db: any Database) async throws -> [Row] {
        let ids = devices.map(\.deviceID)
        let lastSeen = try await worker.lastReceived(ids)
        let received = try await self.received(ids, days: days, on: db)
        return devices.map { device in
            let id = device.deviceID
            let last = lastSeen[id]
            let (count, firstHour) = received[id] ?? (0, nil)
            // A device owes readings from its registration, or from the first hour it was heard
            // in if that came before the hour it was registered in (history imported with it).
            let registered = Int(device.createdAt.timeIntervalSince1970)
            let since = firstHour.map { $0 < SummarySpan.hour.start(of: registered) ? $0 : registered } ?? registered
            let expected = max(0, min(days.upperBound, now) - max(days.lowerBound, since)) / device.intervalSeconds
            return Row(
                deviceId: id, mn: device.mn, name: device.name, vendorId: device.vendorID, vendorName: device.vendorName,
                online: last.map { now - $0 <= offlineAfterIntervals * device.intervalSeconds } ?? false,
                lastSeenAt: last.map { Date(unix: $0) }, expected: expected, received: count,
                completeness: expected == 0 ? 1 : min(1, Double(count) / Double(expected))
            )
        }
    }

    /// Readings each of `devices` took in `days` and the first hour it took any in, from the
    /// hourly rollups, in one query (PostgreSQL sums integers as NUMERIC, hence the cast).
    private static func received(_ devices: [UUID], days: Range<Int>, on db: any Database) async throws -> [UUID: (count: Int, firstHour: Int?)] {
        guard !devices.isEmpty else { return [:] }
        let rows = try await (db as! any SQLDatabase).select().column("device_id")
            .column(SQLRaw("CAST(SUM(readings) AS BIGINT)"), as: "n").column(SQLRaw("MIN(start)"), as: "first_hour")
            .from(RollupStore.table)
            .where("device_id", .in, devices).where("span", .equal, SummarySpan.hour.seconds).where("readings", .greaterThan, 0)
            .where("start", .greaterThanOrEqual, days.lowerBound).where("start", .lessThan, days.upperBound)
            .groupBy("device_id").all()
        return Dictionary(uniqueKeysWithValues: try rows.map { row in
            (try row.decode(column: "device_id", as: UUID.self), (try row.decode(column: "n", as: Int.self), try row.decode(column: "first_hour", as: Int.self)))
        })
    }

    /// `devices` over the Beijing day of `now`, with the request's settings.
    static func today(_ devices: [some MonitoredDevice], now: Int, on req: Request) async throws -> [Row] {
        let day = SummarySpan.day.start(of: now)
        return try await rows(devices, days: day..<(day + 86_400), now: now, offlineAfterIntervals: req.siteLedger.settings.offlineAfterIntervals,
                              worker: req.siteLedger.monitoring, on: req.db)
    }

    struct VendorRank: Content {
        let vendorId: UUID?
        let vendorName: String
        let devices: Int
        let online: Int
        let completeness: Double
    }

    /// Vendors best first: by completeness over the period, then by devices online.
    static func ranking(_ rows: [Row]) -> [VendorRank] {
        Dictionary(grouping: rows, by: \.vendorId).map { vendor, rows in
            VendorRank(
                vendorId: vendor, vendorName: rows.first?.vendorName ?? "未登记厂商", devices: rows.count, online: rows.filter(\.online).count,
                completeness: rows.map(\.completeness).reduce(0, +) / Double(rows.count)
            )
        }.sorted { ($0.completeness, Double($0.online) / Double($0.devices)) > ($1.completeness, Double($1.online) / Double($1.devices)) }
    }
}

enum IntegrityController {
    @Sendable static func findings(_ req: Request) async throws -> [FindingDTO] {
        let principal = try req.requireCaller().principal
        var projects = try await ProjectScope.visible(to: principal, on: req.db).field(\.$id).all().compactMap(\.id)
        if let project = req.query[UUID.self, at: "project"] { projects = projects.filter { $0 == project } }
        return try await Finding.query(on: req.db).filter(\.$project.$id ~~ Set(projects)).sort(\.$detectedAt, .descending).limit(500).all().map(FindingDTO.init)
    }

    @Sendable static func health(_ req: Request) async throws -> [DeviceHealth.Row] {
        let project = try await ProjectScope.authorized(req.parameter("project"), .readProject, for: req.requireCaller().principal, on: req.db)
        let day = try Self.day(req)
        let devices = try await Device.query(on: req.db).filter(\.$project.$id == project.requireID()).with(\.$vendor).sort(\.$mn).all()
        return try await DeviceHealth.rows(devices, days: day..<(day + 86_400), now: Int(Date().timeIntervalSince1970),
                                           offlineAfterIntervals: req.siteLedger.settings.offlineAfterIntervals, worker: req.siteLedger.monitoring, on: req.db)
    }

    /// Over the devices of the projects the caller sees, the last `days` Beijing days.
    @Sendable static func ranking(_ req: Request) async throws -> [DeviceHealth.VendorRank] {
        let days = req.query[Int.self, at: "days"] ?? 7
        guard (1...31).contains(days) else { throw APIError.invalid("days", en: "1 to 31", zh: "天数应为 1 至 31") }
        return DeviceHealth.ranking(try await scopeHealth(req, days: days))
    }

    static func scopeHealth(_ req: Request, days: Int) async throws -> [DeviceHealth.Row] {
        let projects = try await ProjectScope.visible(to: req.requireCaller().principal, on: req.db).field(\.$id).all().compactMap(\.id)
        let devices = try await DeviceListing.active(inProjects: projects, on: req.db)
        let now = Int(Date().timeIntervalSince1970)
        let today = SummarySpan.day.start(of: now)
        return try await DeviceHealth.rows(devices, days: (today - (days - 1) * 86_400)..<(today + 86_400), now: now,
                                           offlineAfterIntervals: req.siteLedger.settings.offlineAfterIntervals, worker: req.siteLedger.monitoring, on: req.db)
    }

    private static func day(_ req: Request) throws -> Int {
        guard let text = req.query[String.self, at: "day"] else { return SummarySpan.day.start(of: Int(Date().timeIntervalSince1970)) }
        let parts = try Validate.day(text, "day").split(separator: "-").compactMap { Int($0) }
        let start = Calendar.shanghai.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2]))!
        return Int(start.timeIntervalSince1970)
    }
}
