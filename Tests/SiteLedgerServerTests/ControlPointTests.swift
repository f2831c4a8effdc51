import Foundation
import Testing
import Vapor
import VaporTesting
import Fluent
import SQLKit
import SiteLedgerCore
@testable import SiteLedgerServer

@Suite("Monitoring: national control points")
struct ControlPointTests {
    static let stations = """
        code,name,county,latitude,longitude
        1155A,奥体中心,320105,32.0075,118.7369
        1156A,河西新城,320105,32.0031,118.7306
        1160A,仙林大学城,320113,32.1052,118.9067
        """
    /// 08:00 and 09:00 Beijing time on 2026-11-21.
    static let readings = """
        station,time,pm10,pm25
        1155A,2026-11-21 08:00,60,35
        1156A,2026-11-21 08:00,80,41
        1160A,2026-11-21 08:00,300,200
        1155A,2026-11-21 09:00,—,30
        1156A,2026-11-21 09:00,90,50
        """

    static func importCSV(_ t: TestApp, _ kind: String, _ csv: String, token: String) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        headers.bearerAuthorization = .init(token: token)
        headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        return try await t.app.testing().sendRequest(.POST, "/api/v1/control-points/\(kind)", headers: headers, body: ByteBuffer(string: csv))
    }

    @Test func theDemosControlPointsStandInEachSitesCountyAndPublishEachHourBeforeItEnds() async throws {
        try await TestApp.run(demo: true) { t in
            let devices = try await Device.query(on: t.db).sort(\.$mn).all()
            let stations = SimulatedFleet.demo(devices.map(\.mn))
            let demo = try await DemoControlPoints.beside(Array(zip(stations, devices)), on: t.app)
            let counties = Set(try await Project.query(on: t.db).all().filter { project in devices.contains { $0.$project.id == project.id } }.map { String($0.regionCode.prefix(6)) })
            #expect(Set(demo.points.map(\.station.county)) == counties && demo.points.count == counties.count, "one station in each county with a site")
            let hours = 1_795_215_600 ..< 1_795_215_600 + 3 * 3600
            try await demo.register(on: t.app)
            try await demo.register(on: t.app)
            #expect(try await ChangeRecord.query(on: t.db).filter(\.$subjectType == "control-station").count() == counties.count, "registering again, as a restart does, changes nothing")
            try await demo.publish(hours: hours, on: t.app)
            let point = try #require(demo.points.first)
            let published = try await ControlPointStore.countyPM10(point.station.county, hours: hours, on: t.db)
            #expect(published == Dictionary(uniqueKeysWithValues: stride(from: hours.lowerBound, to: hours.upperBound, by: 3600).map { ($0, point.reading(forHourStartingAt: $0).pm10!) }))
            let hour = hours.lowerBound
            #expect(DemoControlPoints.latestHour(publishedBy: hour + 3600 - 300) == hour && DemoControlPoints.latestHour(publishedBy: hour + 3600 - 301) == hour - 3600)
        }
    }

    @Test func countyHoursImportedAfterTheSiteWasJudgedHaveItJudgedAgain() async throws {
        try await TestApp.run(demo: true) { t in
            let regulator = try await t.login("nj-regulator")
            #expect(try await Self.importCSV(t, "stations", Self.stations, token: regulator).status == .ok)
            // The site in 建邺区 at 120 µg/m³ from 08:00 to 08:59: under the 150 warning, judged at 09:00 with no county hours yet.
            let device = try await t.registerDevice(mn: "SL0000000000000000000C02").requireID()
            try await RollupTests.store(t, device, minutes: Array(480..<540), pm10: { _ in 120 })
            for seconds in [30, 600, 610] { try await t.app.siteLedger.monitoring.tick(now: AlarmTests.at(9) + seconds) }
            func differenceAlarms() async throws -> Int {
                try await Alarm.query(on: t.db).filter(\.$device.$id == device).filter(\.$ruleID == "pm10-1h-difference-warning").count()
            }
            #expect(try await differenceAlarms() == 0)
            #expect(try await LateHours.all(on: t.db).isEmpty, "the hour is judged and sealed: nothing is left to redo")

            // 建邺区's stations publish 08:00 at 60 an hour later; 仙林 (栖霞区) is not the site's county.
            let published = [ControlReading(station: "1155A", hour: AlarmTests.at(8), pm10: 60, pm25: 30), ControlReading(station: "1156A", hour: AlarmTests.at(8), pm10: 60, pm25: 30)]
            try await t.app.siteLedger.writePath.perform(on: t.db, by: .system) { try await ControlPointStore.importReadings(published, now: AlarmTests.at(10), writes: $0) }
            #expect(try await LateHours.all(on: t.db).keys.contains(DeviceHour(device: device, hour: AlarmTests.at(8))))
            try await t.app.siteLedger.monitoring.tick(now: AlarmTests.at(10))
            try await t.app.siteLedger.monitoring.tick(now: AlarmTests.at(10) + 10)
            #expect(try await differenceAlarms() == 1, "60 µg/m³ above the county's mean")
            #expect(try await LateHours.all(on: t.db).isEmpty, "the mark is cleared once the hour is judged again")

            let revised = [ControlReading(station: "1155A", hour: AlarmTests.at(8), pm10: 65, pm25: 30)]
            try await t.app.siteLedger.writePath.perform(on: t.db, by: .system) {
                try await ControlPointStore.importReadings(revised, now: AlarmTests.at(8) + ControlPointStore.rejudgedSpan + 3601, writes: $0)
            }
            #expect(try await LateHours.all(on: t.db).isEmpty, "a revision more than three days on judges nothing again")
        }
    }

    @Test func aRegulatorImportsStationsAndHoursAndTheSiteIsComparedWithItsCounty() async throws {
        try await TestApp.run(demo: true) { t in
            let regulator = try await t.login("nj-regulator")
            let imported = try await Self.importCSV(t, "stations", Self.stations, token: regulator)
            #expect(imported.status == .ok, "\(imported.body.string)")
            #expect(try imported.json()["created"].int == 3)
            #expect(try await Self.importCSV(t, "stations", Self.stations, token: regulator).json()["unchanged"].int == 3, "importing again changes nothing")
            #expect(try await ChangeRecord.query(on: t.db).filter(\.$subjectType == "control-station").count() == 3)
            #expect(try await Self.importCSV(t, "readings", Self.readings, token: regulator).json()["accepted"].int == 5)

            // The site: 08:00 at 100 µg/m³, 09:00 at 50.
            let device = try await t.registerDevice(mn: "SL0000000000000000000C01").requireID()
            try await RollupTests.store(t, device, minutes: Array(480..<540), pm10: { _ in 100 })
            try await RollupTests.store(t, device, minutes: Array(540..<600), pm10: { _ in 50 })
            try await t.app.siteLedger.monitoring.tick()
            let project = try await t.njProjectID
            let comparison = try await t.send(.GET, "/api/v1/projects/\(project)/control-comparison?from=2026-11-21T08:00:00%2B08:00&to=2026-11-21T10:00:00%2B08:00",
                                              token: t.login("owner")).json()
            #expect(try comparison["county"].string == "320105")
            #expect(comparison["stations"].array.count == 2, "only the project's county, 建邺区")
            let hours = comparison["hours"].array
            #expect(hours.map { $0["site"].value as? Double } == [100, 50])
            // 08:00: the county's two stations average 70; 09:00: only 1156A published PM10.
            #expect(hours.map { $0["control"].value as? Double } == [70, 90])
            #expect(hours.map { $0["difference"].value as? Double } == [30, -40])
        }
    }

    /// Each import logs the station-days it touched in their new state, so a revision is on
    /// record and a mean changed behind the platform's back is found by `ledger check`.
    @Test func importedHoursAreLoggedByStationDayAndAChangeBehindTheirBackIsFound() async throws {
        try await TestApp.run(demo: true) { t in
            let regulator = try await t.login("nj-regulator")
            _ = try await Self.importCSV(t, "stations", Self.stations, token: regulator)
            let imported = try await Self.importCSV(t, "readings", Self.readings, token: regulator)
            #expect(imported.status == .ok)
            #expect((try imported.json()["evidence"]["index"].value as? Int) != nil, "the import's evidence")
            func logged(_ station: String) async throws -> Int {
                try await ChangeRecord.query(on: t.db).filter(\.$subjectType == "control-station-day").filter(\.$subjectLabel == "\(station) 2026-11-21").count()
            }
            #expect(try await [logged("1155A"), logged("1156A"), logged("1160A")] == [1, 1, 1])
            #expect(try await SiteLedgerRuntime.checkLedger(t.app).clean)

            let revised = try await Self.importCSV(t, "readings", "station,time,pm10,pm25\n1155A,2026-11-21 09:00,64,30\n", token: regulator)
            #expect(revised.status == .ok)
            #expect(try await [logged("1155A"), logged("1156A")] == [2, 1], "only the revised day is logged again")
            #expect(try await SiteLedgerRuntime.checkLedger(t.app).clean)

            try await (t.db as! any SQLDatabase).raw("UPDATE control_readings SET pm10 = 20 WHERE station_code = '1160A'").run()
            let (lines, clean) = try await SiteLedgerRuntime.checkLedger(t.app)
            #expect(!clean)
            #expect(lines.contains { $0.contains("1160A 2026-11-21") && $0.hasSuffix("differs from the logged record in: hours") }, "\(lines)")
        }
    }

    @Test func badImportsAreRefusedByLineAndFieldAndStoreNothing() async throws {
        try await TestApp.run(demo: true) { t in
            let regulator = try await t.login("nj-regulator")
            let wrong = try await Self.importCSV(t, "stations", Self.stations + "\n1161A,新站,3201XX,32,118", token: regulator)
            #expect(wrong.status == .unprocessableEntity)
            #expect(try wrong.error().field == "line 5.county")
            #expect(try await ControlPointStore.stations(in: "", on: t.db).isEmpty, "all or nothing")

            let unknown = try await Self.importCSV(t, "readings", Self.readings, token: regulator)
            #expect(unknown.status == .unprocessableEntity)
            #expect(try unknown.error() == ("unknown_station", "line 2.station"), "a CSV row is named by its line")
            let unknownJSON = try await t.send(.POST, "/api/v1/control-points/readings", token: regulator,
                                               json: #"{"readings":[{"station":"1155A","hour":"2026-11-21T08:00:00+08:00","pm10":60}]}"#)
            #expect(try unknownJSON.error() == ("unknown_station", "readings[0].station"), "a JSON row by its index")

            let json = try await t.send(.POST, "/api/v1/control-points/stations", token: regulator,
                                        json: #"{"stations":[{"code":"1155A","name":"奥体中心","county":"320105","latitude":132,"longitude":118}]}"#)
            #expect(try json.error().field == "stations[0].latitude")
            let typed = try await t.send(.POST, "/api/v1/control-points/stations", token: regulator, json: #"{"stations":[{"code":1155}]}"#)
            #expect(typed.status == .badRequest || typed.status == .unprocessableEntity)
            let empty = try await Self.importCSV(t, "stations", "code,name,county,latitude,longitude\n", token: regulator)
            #expect(try empty.error() == ("empty", "rows"))
        }
    }

    /// Control points are the regulator's, each for its own region; anyone signed in reads them.
    @Test func onlyTheRegulatorOfTheCountyImports() async throws {
        try await TestApp.run(demo: true) { t in
            for (user, status) in [("owner", HTTPStatus.forbidden), ("dg-regulator", .forbidden), ("nj-inspector", .forbidden), ("js-regulator", .ok)] {
                let answer = try await Self.importCSV(t, "stations", Self.stations, token: t.login(user))
                #expect(answer.status == status, "\(user): \(answer.body.string)")
            }
            let listed = try await t.send(.GET, "/api/v1/control-points?county=320105", token: t.login("contractor")).json()
            #expect(listed.array.map { try? $0["code"].string } == ["1155A", "1156A"])
            #expect(try await t.send(.GET, "/api/v1/control-points").status == .unauthorized)
        }
    }
}
