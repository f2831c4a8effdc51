import Foundation
import Testing
import Vapor
import Fluent
import SiteLedgerCore
@testable import SiteLedgerServer

/// The 监测 pages over real HTTP: what each regulator's map shows, and a site's charts.
@Suite("监测 pages over HTTP")
struct MonitoringPagesTests {
    /// A station of the Nanjing demo project that reported PM10 `pm10` every minute of the last hour.
    static func reportingStation(_ t: TestApp, pm10: Double) async throws -> Device {
        let device = try await t.registerDevice(mn: "SL0000000000000000000P01")
        let now = Int(Date().timeIntervalSince1970) / 60 * 60
        let readings = (1...60).map { ago in
            StoredReading(device: device.id!, reading: Reading(deviceID: "", kind: .realTime, time: now - ago * 60, values: [.pm10: pm10]), receivedAt: now - ago * 60)
        }
        try await t.app.siteLedger.ingest.store(readings)
        try await t.app.siteLedger.monitoring.tick()
        return device
    }

    @Test func eachRegulatorsMapShowsTheSitesOfItsRegionColouredByTheirLatestHour() async throws {
        try await WebConsoleTests.withBrowser { t, browser in
            _ = try await Self.reportingStation(t, pm10: 180)
            let nanjing = try await t.njProjectID
            let dongguan = try #require(try await Project.query(on: t.db).filter(\.$code == Fixtures.dgProjectCode).first()?.requireID())

            try await browser.signIn("nj-regulator")
            let overview = try await browser.get("/monitoring")
            #expect(overview.status == .ok)
            #expect(overview.text.contains(#"data-site="\#(nanjing.uuidString)""#))
            #expect(!overview.text.contains(dongguan.uuidString), "Dongguan is outside Nanjing's region")
            #expect(overview.text.contains("PM10 180 µg/m³（轻度污染）"), "the hour's mean on HJ 633's bands")

            try await browser.signIn("dg-regulator")
            let other = try await browser.get("/monitoring")
            #expect(other.text.contains(#"data-site="\#(dongguan.uuidString)""#) && !other.text.contains(nanjing.uuidString))
        }
    }

    /// A month at 900 pixels is drawn from each pixel column's extremes: a week of minutes makes
    /// one unbroken line, and only the day without data breaks it.
    @Test func aMonthOfMinutesIsOneLineBrokenOnlyWhereDataIsMissing() async throws {
        try await TestApp.run(demo: true) { t in
            let device = try await t.registerDevice(mn: "SL0000000000000000000P02")
            let now = Int(Date().timeIntervalSince1970) / 60 * 60
            let minutes = Array(1...(2 * 1440)) + Array((3 * 1440 + 1)...(7 * 1440))
            let readings = minutes.map { ago in
                StoredReading(device: device.id!, reading: Reading(deviceID: "", kind: .realTime, time: now - ago * 60, values: [.pm10: Double(40 + ago % 50)]), receivedAt: now)
            }
            try await t.app.siteLedger.ingest.store(readings)
            let project = try #require(try await Project.find(try await t.njProjectID, on: t.db))
            let rules = try await RuleBook.table(regionCode: project.regionCode, project: project.requireID(), on: t.db)
            let svg = try await SiteChart.pm10([device], in: (now - 30 * 86_400)..<(now + 1), county: "320105", rules: rules, on: t.db)
            let path = try #require(svg.firstMatch(of: /<path class="series primary" d="([^"]*)"/)?.1)
            #expect(path.filter { $0 == "M" }.count == 2, "two stretches: \(path.prefix(200))")
            #expect(path.filter { $0 == "L" }.count > 100, "each a line over many pixel columns")
        }
    }

    @Test func aSitePageChartsItsSpanAndIsRefusedToStrangers() async throws {
        try await WebConsoleTests.withBrowser { t, browser in
            let device = try await Self.reportingStation(t, pm10: 60)
            let nanjing = try await t.njProjectID
            try await browser.signIn("supervisor")
            let month = try await browser.get("/monitoring/projects/\(nanjing)?span=30d")
            #expect(month.status == .ok)
            #expect(month.text.contains(#"<option value="30d" selected>30 天</option>"#))
            #expect(month.text.contains("<svg") && month.text.contains(device.name), "the station's PM10 is drawn")
            let unknown = try await browser.get("/monitoring/projects/\(nanjing)?span=1y")
            #expect(unknown.text.contains(#"<option value="24h" selected>24 小时</option>"#), "an unknown span shows the last 24 hours")

            try await browser.signIn("dg-regulator")
            let hidden = try await browser.get("/monitoring/projects/\(nanjing)")
            #expect(hidden.status == .notFound && hidden.text.contains("页面不存在"), "a project outside the region is not revealed")
        }
    }
}
