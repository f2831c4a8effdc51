import Foundation
import Testing
import Vapor
import VaporTesting
import Fluent
import SQLKit
import SiteLedgerCore
@testable import SiteLedgerServer

@Suite("Monitoring: rules and alarms")
struct AlarmTests {
    static let midnight = RollupTests.midnight
    static func at(_ hour: Int) -> Int { midnight + hour * 3600 }

    /// Stores an hour of one-a-minute PM10 at `pm10` from `hour` (Beijing) and ticks at its end.
    static func hour(_ t: TestApp, _ device: UUID, _ hour: Int, pm10: Double) async throws {
        try await RollupTests.store(t, device, minutes: Array((hour * 60)..<(hour * 60 + 60)), pm10: { _ in pm10 })
        try await t.app.siteLedger.monitoring.tick(now: at(hour + 1) + 30)
    }

    static func alarms(_ t: TestApp, _ device: UUID) async throws -> [Alarm] {
        try await Alarm.query(on: t.db).filter(\.$device.$id == device).sort(\.$raisedAt).sort(\.$ruleID).all()
    }

    /// Wuhan practice (the national defaults): above 200 stop work until below 150.
    @Test func anHourAbove200RaisesBothLevelsWhichClearOnlyBelow150() async throws {
        try await TestApp.run(demo: true) { t in
            let device = try await t.registerDevice(mn: "SL0000000000000000000A01").requireID()
            try await Self.hour(t, device, 8, pm10: 230)
            var alarms = try await Self.alarms(t, device)
            #expect(alarms.map(\.ruleID) == ["pm10-1h-alarm", "pm10-1h-warning"])
            #expect(alarms.allSatisfy { $0.status == .active && $0.value == 230 && $0.raisedAt == Date(unix: Self.at(9)) })
            #expect(alarms.first?.rectificationDeadline == Date(unix: Self.at(10)), "an hourly exceedance is answered within the hour")

            try await Self.hour(t, device, 9, pm10: 170)
            alarms = try await Self.alarms(t, device)
            #expect(alarms.count == 2 && alarms.allSatisfy { $0.status == .active }, "170 is still above 150: one open alarm per device and rule")

            try await Self.hour(t, device, 10, pm10: 240)
            #expect(try await Self.alarms(t, device).map(\.peak) == [240, 240])

            try await Self.hour(t, device, 11, pm10: 100)
            alarms = try await Self.alarms(t, device)
            #expect(alarms.count == 2 && alarms.allSatisfy { $0.status == .cleared && $0.clearedAt == Date(unix: Self.at(12)) })
            let kinds = try await ChangeRecord.query(on: t.db).filter(\.$subjectType == "alarm").all().map(\.kind).sorted()
            #expect(kinds == ["alarm.cleared", "alarm.cleared", "alarm.escalated", "alarm.escalated", "alarm.raised", "alarm.raised"], "unacknowledged for hours")

            // Ticking again over the same hours changes nothing.
            try await RollupTests.store(t, device, minutes: [600], pm10: { _ in 100 })
            try await t.app.siteLedger.monitoring.tick(now: Self.at(12) + 30)
            #expect(try await Self.alarms(t, device).count == 2)
        }
    }

    /// Hours judged in one tick (a worker catching up): the windows an alarm goes on through
    /// are recorded at the evaluation's end, and a clear in the same tick keeps their peak.
    @Test func oneTickOverSeveralHoursKeepsTheAlarmsPeakAndClearsIt() async throws {
        try await TestApp.run(demo: true) { t in
            let device = try await t.registerDevice(mn: "SL0000000000000000000A06").requireID()
            let levels: [Double] = [230, 250, 240]
            try await RollupTests.store(t, device, minutes: Array(480..<660), pm10: { levels[$0 / 60 - 8] })
            try await t.app.siteLedger.monitoring.tick(now: Self.at(11) + 30)
            var alarms = try await Self.alarms(t, device)
            #expect(alarms.map(\.ruleID) == ["pm10-1h-alarm", "pm10-1h-warning"])
            #expect(alarms.allSatisfy { $0.status == .active && $0.peak == 250 && $0.latestWindowStart == Date(unix: Self.at(10)) })

            try await RollupTests.store(t, device, minutes: Array(660..<720), pm10: { _ in 260 })
            try await RollupTests.store(t, device, minutes: Array(720..<780), pm10: { _ in 100 })
            try await t.app.siteLedger.monitoring.tick(now: Self.at(13) + 30)
            alarms = try await Self.alarms(t, device)
            #expect(alarms.allSatisfy { $0.status == .cleared && $0.peak == 260 && $0.clearedAt == Date(unix: Self.at(13)) })
        }
    }

    /// A station sending PM10 9999 (the demo's impossible-values station) is a data-integrity
    /// finding, not a dust exceedance: its hour holds only the values it could have measured.
    @Test func physicallyImpossibleValuesRaiseNoAlarmAndStayOutOfTheHour() async throws {
        try await TestApp.run(demo: true) { t in
            let device = try await t.registerDevice(mn: "SL0000000000000000000A05").requireID()
            try await RollupTests.store(t, device, minutes: Array(480..<540), pm10: { $0 % 6 == 0 ? 80 : 9_999 })
            try await t.app.siteLedger.monitoring.tick(now: Self.at(9) + 30)
            #expect(try await Self.alarms(t, device).isEmpty)
            let hour = try #require(try await RollupStore.summaries(of: device, .hour, in: Self.at(8)..<Self.at(9), on: t.db).first)
            #expect(hour.summary.readings == 60 && hour.summary.factors[.pm10] == FactorSummary(count: 10, mean: 80, minimum: 80, maximum: 80))
        }
    }

    /// `serve --demo` counts on its dusty site to show an open alarm at whatever hour it starts:
    /// here the small hours, when no site works, sent as the simulator sends them.
    @Test func theSimulatorsDustySiteKeepsTheHourlyAlarmOpenAtNight() async throws {
        try await TestApp.run(demo: true) { t in
            let mn = "SL0000000000000000000A07"
            let device = try await t.registerDevice(mn: mn).requireID()
            let station = SimulatedStation(deviceID: mn, behaviour: .dusty)
            let readings = try stride(from: Self.at(0), to: Self.at(5), by: 60).map { time in
                StoredReading(device: device, reading: try Reading(#require(station.packet(at: time, password: "123456"))), receivedAt: time)
            }
            try await t.app.siteLedger.ingest.store(readings)
            try await t.app.siteLedger.monitoring.tick(now: Self.at(5) + 30)
            let alarms = try await Self.alarms(t, device).filter { $0.ruleID.hasPrefix("pm10-1h-") && !$0.ruleID.contains("difference") }
            #expect(alarms.map(\.ruleID) == ["pm10-1h-alarm", "pm10-1h-warning"])
            #expect(alarms.allSatisfy { $0.status == .active && $0.raisedAt == Date(unix: Self.at(1)) && $0.peak > 200 })
        }
    }

    /// A device whose clock runs hours ahead stamps windows that have not closed yet.
    @Test func windowsStampedInTheFutureWaitForTheirTime() async throws {
        try await TestApp.run(demo: true) { t in
            let device = try await t.registerDevice(mn: "SL0000000000000000000A04").requireID()
            try await RollupTests.store(t, device, minutes: Array(600..<660), pm10: { _ in 400 })
            try await t.app.siteLedger.monitoring.tick(now: Self.at(8))
            #expect(try await Self.alarms(t, device).isEmpty)
        }
    }

    /// The supervisor acknowledges, the contractor answers with its rectification; nobody else.
    @Test func alarmsAreHandledByTheirRolesAndEscalatedWhenNobodyAcknowledges() async throws {
        try await TestApp.run(demo: true) { t in
            let device = try await t.registerDevice(mn: "SL0000000000000000000A02").requireID()
            try await Self.hour(t, device, 8, pm10: 180)
            let alarm = try #require(try await Self.alarms(t, device).first)
            let path = "/api/v1/alarms/\(try alarm.requireID())"

            try await t.app.siteLedger.monitoring.tick(now: Self.at(9) + 29 * 60)
            #expect(try await Alarm.find(alarm.id, on: t.db)?.escalatedAt == nil)
            try await t.app.siteLedger.monitoring.tick(now: Self.at(9) + 31 * 60)
            #expect(try await Alarm.find(alarm.id, on: t.db)?.escalatedAt == Date(unix: Self.at(9) + 31 * 60), "30 minutes unacknowledged")

            let regulatorList = try await t.send(.GET, "/api/v1/alarms", token: t.login("nj-regulator")).json()
            #expect(regulatorList.array.compactMap { try? $0["id"].string } == [try alarm.requireID().uuidString])
            #expect(try await t.send(.GET, "/api/v1/alarms", token: t.login("dg-regulator")).json().array.isEmpty)
            #expect(try await t.send(.GET, path, token: t.login("dg-regulator")).status == .notFound)
            #expect(try await t.send(.GET, "/api/v1/alarms?status=soon", token: t.login("owner")).error().field == "status")

            for (user, status) in [("contractor-staff", HTTPStatus.forbidden), ("vendor", .forbidden), ("dg-regulator", .notFound)] {
                let answer = try await t.send(.POST, path + "/acknowledge", token: t.login(user), json: "{}")
                #expect(answer.status == status, "\(user): \(answer.body.string)")
            }
            let acknowledged = try await t.send(.POST, path + "/acknowledge", token: t.login("supervisor"), json: #"{"comment":"已通知施工单位喷淋降尘"}"#)
            #expect(acknowledged.status == .ok, "\(acknowledged.body.string)")
            #expect(try acknowledged.json()["status"].string == "acknowledged")
            #expect(try await t.send(.POST, path + "/acknowledge", token: t.login("owner"), json: "{}").error() == ("alarm_not_active", "status"))

            for user in ["owner", "supervisor", "nj-regulator"] {
                #expect(try await t.send(.POST, path + "/rectification", token: t.login(user), json: #"{"reply":"x"}"#).status == .forbidden, "\(user)")
            }
            let rectification = #"{"reply":"已开启雾炮和喷淋，裸土全部覆盖","photos":["photo:2026-11-21/east-gate-1.jpg"]}"#
            let answered = try await t.send(.POST, path + "/rectification", token: t.login("contractor"), json: rectification)
            #expect(answered.status == .ok, "\(answered.body.string)")
            #expect(try await t.send(.POST, path + "/rectification", token: t.login("contractor"), json: rectification).error().code == "already_rectified")
            #expect(try await t.send(.POST, path + "/comments", token: t.login("owner"), json: #"{"text":""}"#).error().field == "text")
            let typed = try await t.send(.POST, path + "/comments", token: t.login("owner"), json: #"{"text":7}"#)
            #expect(try typed.error() == ("wrong_type", "text"))

            let detail = try await t.send(.GET, path, token: t.login("contractor-staff")).json()
            #expect(detail["comments"].array.map { try? $0["text"].string } == ["已通知施工单位喷淋降尘"])
            #expect(try detail["alarm"]["rectificationPhotos"].array.map { try $0.string } == ["photo:2026-11-21/east-gate-1.jpg"])
            let kinds = try await ChangeRecord.query(on: t.db).filter(\.$subjectType == "alarm").sort(\.$recordedAt).all().map(\.kind)
            #expect(kinds == ["alarm.raised", "alarm.escalated", "alarm.acknowledged", "alarm.rectified"])
        }
    }

    /// Hebei (DB13/2934-2019): PM10 80 with at most two exceedances a day, as the regulator
    /// sets it for one project: the third exceeding hour of the day raises the warning.
    @Test func aProjectRuleWithADailyAllowanceRaisesOnTheThirdExceedance() async throws {
        try await TestApp.run(demo: true) { t in
            let project = try await t.njProjectID
            let rule = #"{"id":"pm10-1h-warning","nameZH":"PM10 小时均值超标","factor":"pm10","window":"1h","aggregate":"mean","basis":"site","level":"warning","limit":80,"allowedExceedancesPerDay":2,"reference":"DB13/2934-2019"}"#
            let wrong = rule.replacingOccurrences(of: #""limit":80"#, with: #""limit":-1"#)
            let refused = try await t.send(.PUT, "/api/v1/projects/\(project)/rules", token: t.login("nj-regulator"), json: #"{"rules":[\#(wrong)]}"#)
            #expect(try refused.error().field == "rules[pm10-1h-warning].limit")
            #expect(try await t.send(.PUT, "/api/v1/projects/\(project)/rules", token: t.login("owner"), json: #"{"rules":[\#(rule)]}"#).status == .forbidden)
            let set = try await t.send(.PUT, "/api/v1/projects/\(project)/rules", token: t.login("nj-regulator"), json: #"{"rules":[\#(rule)]}"#)
            #expect(set.status == .ok, "\(set.body.string)")
            let table = try await t.send(.GET, "/api/v1/projects/\(project)/rules", token: t.login("contractor")).json()
            #expect(table["rules"].array.first { (try? $0["id"].string) == "pm10-1h-warning" }?["limit"].value as? Double == 80)

            let device = try await t.registerDevice(mn: "SL0000000000000000000A03").requireID()
            try await Self.hour(t, device, 8, pm10: 100)
            try await Self.hour(t, device, 9, pm10: 100)
            #expect(try await Self.alarms(t, device).isEmpty, "two exceedances are allowed")
            try await Self.hour(t, device, 10, pm10: 100)
            let alarms = try await Self.alarms(t, device)
            #expect(alarms.map(\.ruleID) == ["pm10-1h-warning"] && alarms.first?.windowStart == Date(unix: Self.at(10)))
        }
    }

    /// A tick judges its stations a batch at a time: each still by its own project's rules,
    /// from its own readings, with its own open alarms.
    @Test func oneTickJudgesManyStationsEachByItsOwnProjectsRulesAndAlarms() async throws {
        try await TestApp.run(demo: true) { t in
            let strict = #"{"id":"pm10-1h-warning","nameZH":"PM10 小时均值超标","factor":"pm10","window":"1h","aggregate":"mean","basis":"site","level":"warning","limit":80,"allowedExceedancesPerDay":0,"reference":"DB13/2934-2019"}"#
            let set = try await t.send(.PUT, "/api/v1/projects/\(t.njProjectID)/rules", token: t.login("nj-regulator"), json: #"{"rules":[\#(strict)]}"#)
            #expect(set.status == .ok, "\(set.body.string)")
            let dongguan = try #require(try await Project.query(on: t.db).filter(\.$code == Fixtures.dgProjectCode).first()).requireID()
            let nanjing = try await t.registerDevice(mn: "SL0000000000000000000A07").requireID()
            let elsewhere = try await t.registerDevice(mn: "SL0000000000000000000A08", project: dongguan).requireID()
            let dusty = try await t.registerDevice(mn: "SL0000000000000000000A09", project: dongguan).requireID()
            try await Self.hour(t, dusty, 7, pm10: 230)
            let raised = try await Self.alarms(t, dusty)

            for device in [nanjing, elsewhere] { try await RollupTests.store(t, device, minutes: Array(480..<540), pm10: { _ in 100 }) }
            try await RollupTests.store(t, dusty, minutes: Array(480..<540), pm10: { _ in 260 })
            try await t.app.siteLedger.monitoring.tick(now: Self.at(9) + 30)

            #expect(try await Self.alarms(t, nanjing).map(\.ruleID) == ["pm10-1h-warning"], "Nanjing's project warns above 80")
            #expect(try await Self.alarms(t, elsewhere).isEmpty, "Dongguan keeps the national 150")
            let kept = try await Self.alarms(t, dusty)
            #expect(kept.map(\.id) == raised.map(\.id) && kept.allSatisfy { $0.status == .active && $0.peak == 260 && $0.latestWindowStart == Date(unix: Self.at(8)) })
            let exceedances = try await (t.db as! any SQLDatabase).select().column("device_id").from(RuleBook.exceedances)
                .where("window_start", .equal, Self.at(8)).all().map { try $0.decode(column: "device_id", as: UUID.self) }
            #expect(exceedances.filter { $0 == nanjing }.count == 1 && exceedances.filter { $0 == dusty }.count == 2 && !exceedances.contains(elsewhere))
        }
    }

    /// GB 3095-2012's daily mean (the national PM10 24 h warning above 150), judged on the
    /// day's hourly rollups when the local day ends: two stations in one batch, one above.
    @Test func aDayAbove150WarnsOnItsDailyMeanAndADayBelowDoesNot() async throws {
        try await TestApp.run(demo: true) { t in
            let clean = try await t.registerDevice(mn: "SL0000000000000000000A10").requireID()
            let dusty = try await t.registerDevice(mn: "SL0000000000000000000A11").requireID()
            try await RollupTests.store(t, clean, minutes: Array(0..<1440), pm10: { _ in 120 })
            try await RollupTests.store(t, dusty, minutes: Array(0..<1440), pm10: { minute in minute < 720 ? 140 : 190 })
            try await t.app.siteLedger.monitoring.tick(now: Self.at(24) + 30)

            #expect(try await Self.alarms(t, clean).filter { $0.factor == .pm10 }.isEmpty, "its noise breaks the night limit; its dust breaks nothing")
            let daily = try await Self.alarms(t, dusty).filter { $0.ruleID == "pm10-24h-warning" }
            #expect(daily.count == 1 && daily.first?.value == 165, "the mean of twelve hours at 140 and twelve at 190")
        }
    }
}
