import Vapor
import Fluent
import SQLKit
import SiteLedgerCore

/// 监测 — the regulator's overview of every site in scope, and a site's own page.
enum MonitoringPages {
    static func routes(_ web: any RoutesBuilder) {
        let pages = web.grouped(RequireSignIn())
        pages.get("monitoring", use: overview)
        pages.get("monitoring", "projects", ":project", use: site)
        pages.post("monitoring", "alarms", ":alarm", "acknowledge", use: acknowledge)
        pages.post("monitoring", "alarms", ":alarm", "rectification", use: rectify)
    }

    struct AlarmRow: Encodable, Sendable {
        let id: UUID
        let project: String
        let projectID: UUID
        let ruleName: String
        let level: String
        let levelName: String
        let status: String
        let statusName: String
        let value: String
        let limit: String
        let raisedAt: String
        let deadline: String
        let escalated: Bool
        let reply: String?
    }

    struct FindingRow: Encodable, Sendable {
        let project: String
        let device: String
        let kind: String
        let explanation: String
        let period: String

        init(_ finding: Finding, project: String) {
            self.project = project
            device = finding.deviceMN
            kind = finding.kind.nameZH
            explanation = finding.explanation
            period = finding.from.shanghaiMinute + " 至 " + finding.to.shanghaiMinute
        }
    }

    struct Overview: Encodable, Sendable {
        let map: String
        let sites: Int
        let openAlarms: Int
        let offlineDevices: Int
        let alarms: [AlarmRow]
        let findings: [FindingRow]
        let vendors: [VendorRow]
    }

    struct VendorRow: Encodable, Sendable {
        let rank: Int
        let name: String
        let devices: Int
        let online: Int
        let completeness: String
    }

    struct DeviceRow: Encodable, Sendable {
        let mn: String
        let name: String
        let vendorName: String?
        let online: Bool
        let lastSeen: String
        let expected: Int
        let received: Int
        let completeness: String

        init(_ row: DeviceHealth.Row) {
            mn = row.mn
            name = row.name
            vendorName = row.vendorName
            online = row.online
            lastSeen = row.lastSeenAt?.shanghaiMinute ?? "—"
            expected = row.expected
            received = row.received
            completeness = percent(row.completeness)
        }
    }

    @Sendable static func overview(_ req: Request) async throws -> View {
        let sites = try await MapSite.visible(to: req.requireCaller().principal, on: req.db)
        let ids = Set(sites.map(\.id))
        let devices = try await DeviceListing.active(inProjects: ids, on: req.db)
        let now = Int(Date().timeIntervalSince1970)
        let latest = try await latestPM10(devices.map(\.deviceID), since: now - 2 * 3600, on: req.db)
        let alarms = try await Alarm.query(on: req.db).filter(\.$project.$id ~~ ids).filter(\.$status != .cleared).sort(\.$raisedAt, .descending).all()
        let health = try await DeviceHealth.today(devices, now: now, on: req)
        let offline = Set(health.filter { !$0.online }.map(\.deviceId))
        let byProject = Dictionary(grouping: devices, by: \.projectID)
        let alarmsByProject = Dictionary(grouping: alarms, by: \.$project.id)
        let markers = sites.compactMap { site -> SiteMarker? in
            guard let latitude = site.latitude, let longitude = site.longitude else { return nil }
            let own = byProject[site.id] ?? []
            return SiteMarker(
                id: site.id.uuidString, href: "/monitoring/projects/\(site.id)", name: site.name, latitude: latitude, longitude: longitude,
                pm10: WindowValue.of(own.compactMap { latest[$0.deviceID] }, factor: .pm10, aggregate: .mean),
                activeAlarms: alarmsByProject[site.id]?.count ?? 0, devices: own.count,
                offlineDevices: own.filter { offline.contains($0.deviceID) }.count
            )
        }
        let names = Dictionary(sites.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let findings = try await Finding.query(on: req.db).filter(\.$project.$id ~~ ids).sort(\.$detectedAt, .descending).limit(20).all()
        let content = Overview(
            map: SiteMap(title: "工地分布（最新小时 PM10）", sites: markers).svg(width: 760, height: 460), sites: markers.count,
            openAlarms: alarms.count, offlineDevices: offline.count,
            alarms: alarms.prefix(50).map { row($0, project: names[$0.$project.id] ?? "") },
            findings: findings.map { FindingRow($0, project: names[$0.$project.id] ?? "") },
            vendors: DeviceHealth.ranking(health).enumerated().map {
                VendorRow(rank: $0.offset + 1, name: $0.element.vendorName, devices: $0.element.devices, online: $0.element.online, completeness: percent($0.element.completeness))
            }
        )
        return try await WebPages.render("monitoring", title: "监测", section: "monitoring", page: content, on: req)
    }

    struct SitePage: Encodable, Sendable {
        let project: ProjectDTO
        let chart: String
        let span: String
        let spans: [SelectOption]
        let devices: [DeviceRow]
        let alarms: [AlarmRow]
        let findings: [FindingRow]
        let canAcknowledge: Bool
        let canRectify: Bool
    }

    static let spans = ["24h": 86_400, "7d": 7 * 86_400, "30d": 30 * 86_400]

    @Sendable static func site(_ req: Request) async throws -> View {
        let principal = try req.requireCaller().principal
        let snapshot = try await ProjectScope.snapshot(req.parameter("project"), .readProject, for: principal, ledger: req.siteLedger, on: req.db)
        let asked = req.query[String.self, at: "span"] ?? "24h"
        let (span, seconds) = spans[asked].map { (asked, $0) } ?? ("24h", spans["24h"]!)
        let now = Int(Date().timeIntervalSince1970)
        let range = (now - seconds)..<now
        let devices = try await Device.query(on: req.db).filter(\.$project.$id == snapshot.facts.id).with(\.$vendor).sort(\.$mn).all()
        let table = try await RuleBook.table(regionCode: snapshot.facts.regionCode, project: snapshot.facts.id, on: req.db)
        let chart = try await SiteChart.pm10(devices.filter { $0.kind == .dustNoise }, in: range, county: String(snapshot.facts.regionCode.prefix(6)), rules: table, on: req.db)
        let health = try await DeviceHealth.today(devices, now: now, on: req)
        let alarms = try await Alarm.query(on: req.db).filter(\.$project.$id == snapshot.facts.id).sort(\.$raisedAt, .descending).limit(50).all()
        let findings = try await Finding.query(on: req.db).filter(\.$project.$id == snapshot.facts.id).sort(\.$detectedAt, .descending).limit(50).all()
        let page = SitePage(
            project: snapshot.dto, chart: chart, span: span,
            spans: ["24h", "7d", "30d"].map { SelectOption(value: $0, label: ["24h": "24 小时", "7d": "7 天", "30d": "30 天"][$0]!, selected: $0 == span) },
            devices: health.map(DeviceRow.init),
            alarms: alarms.map { row($0, project: snapshot.dto.name) },
            findings: findings.map { FindingRow($0, project: snapshot.dto.name) },
            canAcknowledge: AccessPolicy.decide(principal, .handleAlarms, project: snapshot.facts) == .allow,
            canRectify: AccessPolicy.decide(principal, .rectifyAlarms, project: snapshot.facts) == .allow
        )
        return try await WebPages.render("monitoring-site", title: snapshot.dto.name + " · 监测", section: "monitoring", page: page, on: req)
    }

    struct RectifyForm: Content {
        let reply: String
        let photos: String?
    }

    @Sendable static func acknowledge(_ req: Request) async throws -> Response {
        let alarm = try await AlarmsController.authorized(req, .handleAlarms)
        try await req.write { try await AlarmService.acknowledge(alarm, comment: nil, writes: $0) }
        return req.redirect(to: "/monitoring/projects/\(alarm.$project.id)")
    }

    @Sendable static func rectify(_ req: Request) async throws -> Response {
        let form = try req.content.decode(RectifyForm.self)
        let alarm = try await AlarmsController.authorized(req, .rectifyAlarms)
        let photos = (form.photos ?? "").split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        try await req.write { try await AlarmService.rectify(alarm, reply: form.reply, photos: photos, writes: $0) }
        return req.redirect(to: "/monitoring/projects/\(alarm.$project.id)")
    }

    /// Device → its latest hourly PM10 mean since `since`, in one query.
    private static func latestPM10(_ devices: [UUID], since: Int, on db: any Database) async throws -> [UUID: Double] {
        guard !devices.isEmpty else { return [:] }
        let rows = try await (db as! any SQLDatabase).select().columns("device_id", "start", "pm10_mean").from(RollupStore.table)
            .where("device_id", .in, devices).where("span", .equal, SummarySpan.hour.seconds).where("start", .greaterThanOrEqual, since).where("pm10_mean", .isNot, SQLLiteral.null)
            .orderBy("start").all()
        var latest: [UUID: Double] = [:]
        for row in rows { latest[try row.decode(column: "device_id", as: UUID.self)] = try row.decode(column: "pm10_mean", as: Double.self) }
        return latest
    }

    private static func row(_ alarm: Alarm, project: String) -> AlarmRow {
        AlarmRow(
            id: alarm.id!, project: project, projectID: alarm.$project.id, ruleName: alarm.ruleName, level: alarm.level.rawValue, levelName: alarm.level.nameZH,
            status: alarm.status.rawValue, statusName: ["active": "未确认", "acknowledged": "已确认", "cleared": "已恢复"][alarm.status.rawValue] ?? "",
            value: String(format: "%.1f", alarm.peak), limit: String(format: "%.0f", alarm.limit), raisedAt: alarm.raisedAt.shanghaiMinute,
            deadline: alarm.rectificationDeadline.shanghaiMinute, escalated: alarm.escalatedAt != nil, reply: alarm.rectificationReply
        )
    }
}

private func percent(_ fraction: Double) -> String { String(format: "%.1f%%", fraction * 100) }

/// The site's PM10 over a period, with its alarm thresholds and its county's control points.
enum SiteChart {
    static let width = 900

    static func pm10(_ devices: [Device], in range: Range<Int>, county: String, rules: RuleTable, on db: any Database) async throws -> String {
        let interval = devices.map(\.intervalSeconds).max() ?? 60
        let gap = max(3 * interval, 600)
        // Over a week, minute data outnumber the chart's pixels tenfold: the database gives each
        // pixel column's extremes, and only a column without data breaks the line.
        let column = range.count > 7 * 86_400 ? range.count / width : nil
        var series: [ChartSeries] = []
        for device in devices {
            let id = try device.requireID()
            let values = if let column {
                try await ReadingStore.envelope(of: id, .pm10, in: range, bucket: column, on: db)
            } else {
                try await ReadingStore.series(of: id, .pm10, in: range, on: db)
            }
            let points = values.map { ChartPoint(time: $0.time, value: $0.value) }
            series.append(ChartSeries(name: device.name, points: points, gapSeconds: column.map { $0 + gap }))
        }
        let control = try await ControlPointStore.countyPM10(county, hours: range, on: db).sorted { $0.key < $1.key }
            .map { ChartPoint(time: $0.key + 1800, value: $0.value) }
        if !control.isEmpty { series.append(ChartSeries(name: "国控点均值", points: control, style: .reference, gapSeconds: 3 * 3600)) }
        let thresholds = rules.rules.filter { $0.factor == .pm10 && $0.window == .hour && $0.basis == .site }.map {
            ChartThreshold(value: $0.limit, label: "\($0.level.nameZH) \(Int($0.limit))", level: $0.level == .alarm ? .alarm : .warning)
        }
        return TimeSeriesChart(title: "PM10", unit: "µg/m³", from: range.lowerBound, to: range.upperBound, series: series,
                               thresholds: thresholds, gapSeconds: gap).svg(width: width, height: 320)
    }
}

/// A site on the regional map: a project's name and place, read without Fluent's models.
private struct MapSite {
    let id: UUID
    let name: String
    let latitude: Double?
    let longitude: Double?

    static func visible(to principal: Principal, on db: any Database) async throws -> [MapSite] {
        let select = (db as! any SQLDatabase).select().columns("id", "name", "latitude", "longitude").from(Project.schema)
        return try await ProjectScope.visible(to: principal, in: select, on: db).all().map { row in
            MapSite(
                id: try row.decode(column: "id", as: UUID.self), name: try row.decode(column: "name", as: String.self),
                latitude: try row.decode(column: "latitude", as: Double?.self), longitude: try row.decode(column: "longitude", as: Double?.self)
            )
        }
    }
}
