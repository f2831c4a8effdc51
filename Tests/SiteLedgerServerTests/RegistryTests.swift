import Foundation
import Testing
import Vapor
import VaporTesting
import Fluent
@testable import SiteLedgerServer
import SiteLedgerCore

@Suite("Registry: projects, participants, buildings, codes and timelines")
struct RegistryTests {
    private static let newProject = #"""
        {"code":"2026-320102-47-01-123456","name":"玄武区测试项目","regionCode":"320102","address":"南京市玄武区中山路 1 号",
         "kind":"building","contractAmount":12345678.90,"plannedStart":"2026-01-05","plannedFinish":"2027-06-30","latitude":32.05,"longitude":118.79}
        """#

    @Test func registerEditAndListAProject() async throws {
        try await TestApp.run(demo: true) { t in
            let token = try await t.login("nj-regulator")
            let created = try await t.send(.POST, "/api/v1/projects", token: token, json: Self.newProject)
            #expect(created.status == .created, "\(created.body.string)")
            let project = try created.json()
            #expect(try project["status"].string == "registered")
            #expect(try project["regionName"].string == "江苏省南京市玄武区")
            #expect(String(describing: project["contractAmount"].value!) == "12345678.9")
            let id = try project["id"].string

            #expect(try await t.send(.GET, "/api/v1/projects/\(id)", token: token).json()["progressPercent"].int == 0)
            let edited = try await t.send(.PATCH, "/api/v1/projects/\(id)", token: token, json: #"{"progressPercent":15,"permitNumber":"320102202601050001"}"#)
            #expect(edited.status == .ok)
            #expect(try await t.send(.GET, "/api/v1/projects/\(id)", token: token).json()["progressPercent"].int == 15, "reads see a write at once")
            #expect(try edited.json()["progressPercent"].int == 15)
            #expect(try edited.json()["name"].string == "玄武区测试项目")

            let found = try await t.send(.GET, "/api/v1/projects?q=玄武区测试".addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed)!, token: token)
            #expect(try found.json()["items"].array.map { try $0["id"].string } == [id])
        }
    }

    @Test func badProjectInputIsRejectedAndWritesNothing() async throws {
        try await TestApp.run(demo: true) { t in
            let token = try await t.login("nj-regulator")
            let before = try await t.changeCount()
            let cases: [(json: String, status: HTTPStatus, code: String, field: String?)] = [
                ("{\"code\":", .badRequest, "malformed_request", nil),
                ("[1,2,3]", .badRequest, "malformed_request", nil),
                (Self.newProject.replacingOccurrences(of: "\"2026-320102-47-01-123456\"", with: "\"2026-320102-47-01\""), .unprocessableEntity, "invalid_project_code", "code"),
                (Self.newProject.replacingOccurrences(of: "\"2026-320102-47-01-123456\"", with: "\"\(Fixtures.njProjectCode)\""), .conflict, "duplicate_project_code", "code"),
                (Self.newProject.replacingOccurrences(of: "\"regionCode\":\"320102\"", with: "\"regionCode\":\"320199\""), .unprocessableEntity, "unknown_region", "regionCode"),
                (Self.newProject.replacingOccurrences(of: "\"kind\":\"building\"", with: "\"kind\":\"castle\""), .unprocessableEntity, "invalid_value", "kind"),
                (Self.newProject.replacingOccurrences(of: "\"latitude\":32.05", with: "\"latitude\":\"north\""), .unprocessableEntity, "wrong_type", "latitude"),
                (Self.newProject.replacingOccurrences(of: "\"latitude\":32.05", with: "\"latitude\":95"), .unprocessableEntity, "out_of_range", "latitude"),
                (Self.newProject.replacingOccurrences(of: "12345678.90", with: "1.005"), .unprocessableEntity, "invalid_value", "contractAmount"),
                (Self.newProject.replacingOccurrences(of: "2027-06-30", with: "2027-02-30"), .unprocessableEntity, "invalid_date", "plannedFinish"),
                (Self.newProject.replacingOccurrences(of: "2027-06-30", with: "2025-06-30"), .unprocessableEntity, "before_start", "plannedFinish"),
                (Self.newProject.replacingOccurrences(of: "\"玄武区测试项目\"", with: "\"  \""), .unprocessableEntity, "empty", "name"),
                (Self.newProject.replacingOccurrences(of: "\"玄武区测试项目\"", with: "\"\(String(repeating: "长", count: 201))\""), .unprocessableEntity, "too_long", "name"),
                ("{\"name\":\"x\"}", .unprocessableEntity, "missing_field", "regionCode"),
            ]
            for item in cases {
                let response = try await t.send(.POST, "/api/v1/projects", token: token, json: item.json)
                #expect(response.status == item.status, "\(item.json.prefix(60)): \(response.body.string)")
                let error = try response.error()
                #expect(error.code == item.code, "\(item.json.prefix(60))")
                #expect(error.field == item.field, "\(item.json.prefix(60))")
            }
            #expect(try await t.changeCount() == before)
        }
    }

    @Test func namesWithMarkupOrSQLAreStoredAsGiven() async throws {
        try await TestApp.run(demo: true) { t in
            let token = try await t.login("nj-regulator")
            let name = #"<script>alert(1)</script>'; DROP TABLE projects; --"#
            let json = Self.newProject.replacingOccurrences(of: "\"玄武区测试项目\"", with: try String(decoding: JSONEncoder().encode(name), as: UTF8.self))
            let created = try await t.send(.POST, "/api/v1/projects", token: token, json: json)
            #expect(created.status == .created)
            let fetched = try await t.send(.GET, "/api/v1/projects/\(try created.json()["id"].string)", token: token)
            #expect(try fetched.json()["name"].string == name)
            #expect(try await Project.query(on: t.db).count() == 13)
        }
    }

    @Test func statusLifecycleIsEnforced() async throws {
        try await TestApp.run(demo: true) { t in
            let token = try await t.login("nj-regulator")
            let id = try await projectID(Fixtures.njProjectCode, t)
            let illegal = try await t.send(.POST, "/api/v1/projects/\(id)/status", token: token, json: #"{"status":"archived"}"#)
            #expect(illegal.status == .conflict)
            let message = try illegal.json()["error"]["message"].string
            #expect(message.contains("underConstruction") && message.contains("archived"))
            #expect(message.contains("在建") && message.contains("已归档"))
            #expect(try illegal.error().code == "illegal_transition")

            for next in ["suspended", "underConstruction", "completed", "archived"] {
                let moved = try await t.send(.POST, "/api/v1/projects/\(id)/status", token: token, json: #"{"status":"\#(next)"}"#)
                #expect(moved.status == .ok, "\(next): \(moved.body.string)")
            }
            let back = try await t.send(.POST, "/api/v1/projects/\(id)/status", token: token, json: #"{"status":"underConstruction"}"#)
            #expect(back.status == .conflict)
        }
    }

    @Test func permitNeedsAPermitNumber() async throws {
        try await TestApp.run(demo: true) { t in
            let token = try await t.login("nj-regulator")
            let created = try await t.send(.POST, "/api/v1/projects", token: token, json: Self.newProject)
            let id = try created.json()["id"].string
            let refused = try await t.send(.POST, "/api/v1/projects/\(id)/status", token: token, json: #"{"status":"permitted"}"#)
            #expect(refused.status == .unprocessableEntity)
            #expect(try refused.error().field == "permitNumber")
        }
    }

    @Test func buildingsGetCodesAndTimelinesGatherEverything() async throws {
        try await TestApp.run(demo: true) { t in
            let regulator = try await t.login("nj-regulator")
            let owner = try await t.login("owner")
            let id = try await projectID(Fixtures.njProjectCode, t)
            let created = try await t.send(.POST, "/api/v1/projects/\(id)/buildings", token: owner,
                                           json: #"{"number":"9#","name":"9号楼","floorsAbove":11,"floorsBelow":1,"height":33.5,"floorArea":8000,"structureType":"剪力墙结构","use":"住宅"}"#)
            #expect(created.status == .created, "\(created.body.string)")
            let code = try created.json()["code"].string
            let parts = try SiteLedgerBuildingCodeFormat().parse(code)
            #expect(parts.county.value == "320105")

            let duplicate = try await t.send(.POST, "/api/v1/projects/\(id)/buildings", token: owner, json: #"{"number":"9#","name":"重复","floorsAbove":3}"#)
            #expect(duplicate.status == .conflict)

            let event = #"{"kind":"completionAcceptance","occurredAt":"2020-01-01T10:00:00+08:00","sourceSystem":"竣工验收备案系统","referenceNumber":"JGYS-2026-0001","payload":{"result":"合格","inspectors":["甲","乙"]}}"#
            let posted = try await t.send(.POST, "/api/v1/buildings/\(code)/events", token: regulator, json: event)
            #expect(posted.status == .created, "\(posted.body.string)")
            #expect(try posted.json()["payload"]["inspectors"][1].string == "乙")
            let again = try await t.send(.POST, "/api/v1/buildings/\(code)/events", token: regulator, json: event)
            #expect(again.status == .conflict)
            #expect(try again.error().code == "duplicate_event")

            _ = try await t.send(.POST, "/api/v1/projects/\(id)/status", token: regulator, json: #"{"status":"suspended","note":"扬尘整改"}"#)

            let timeline = try await t.send(.GET, "/api/v1/buildings/\(code.lowercased())/timeline", token: regulator)
            #expect(timeline.status == .ok)
            let kinds = try timeline.json()["items"].array.map { try $0["kind"].string }
            // In the order things happened: the acceptance was dated before the code was assigned.
            #expect(kinds == ["building.event-posted", "building.registered", "project.status-changed"], "\(timeline.body.string)")

            let unknown = try await t.send(.GET, "/api/v1/buildings/320105202699999998/timeline", token: regulator)
            #expect(unknown.status == .notFound)
        }
    }

    @Test func timelinePagesWalkEveryEntryOnce() async throws {
        try await TestApp.run(demo: true) { t in
            let token = try await t.login("js-regulator")
            let code = try #require(try await Building.query(on: t.db).sort(\.$code).first()).code
            let all = try await t.send(.GET, "/api/v1/buildings/\(code)/timeline?limit=200", token: token).json()["items"].array.count
            #expect(all >= 3)
            var seen = 0
            var cursor: String?
            repeat {
                let page = try await t.send(.GET, "/api/v1/buildings/\(code)/timeline?limit=1" + (cursor.map { "&cursor=\($0)" } ?? ""), token: token).json()
                seen += page["items"].array.count
                cursor = try? page["nextCursor"].string
            } while cursor != nil
            #expect(seen == all)
            let bad = try await t.send(.GET, "/api/v1/buildings/\(code)/timeline?limit=0", token: token)
            #expect(bad.status == .unprocessableEntity)
            #expect(try bad.error().field == "limit")
            let forged = try await t.send(.GET, "/api/v1/buildings/\(code)/timeline?cursor=%%%", token: token)
            #expect(forged.status.code / 100 == 4)
        }
    }

    @Test func concurrentRegistrationsNeverShareACode() async throws {
        try await TestApp.run(demo: true) { t in
            let owner = try await t.login("owner")
            let id = try await projectID(Fixtures.njProjectCode, t)
            let codes = try await withThrowingTaskGroup(of: String.self) { group in
                for index in 0..<40 {
                    group.addTask {
                        let response = try await t.send(.POST, "/api/v1/projects/\(id)/buildings", token: owner,
                                                        json: #"{"number":"C\#(index)","name":"并发楼 \#(index)","floorsAbove":5}"#)
                        #expect(response.status == .created, "\(response.body.string)")
                        return try response.json()["code"].string
                    }
                }
                return try await group.reduce(into: [String]()) { $0.append($1) }
            }
            #expect(Set(codes).count == 40)
            let serials = try codes.map { try SiteLedgerBuildingCodeFormat().parse($0).serial }.sorted()
            let existing = try await Building.query(on: t.db).filter(\.$code =~ "320105").count()
            #expect(serials.last == existing, "serials are dense: no gaps, no repeats")
        }
    }

    @Test func participantsAreManagedByTheOwner() async throws {
        try await TestApp.run(demo: true) { t in
            let owner = try await t.login("owner")
            let id = try await projectID(Fixtures.njProjectCode, t)
            let testing = try #require(try await Organization.query(on: t.db).filter(\.$kind == .testingAgency).first())
            let body = #"{"organizationId":"\#(try testing.requireID())","role":"001","enteredOn":"2026-03-01","responsiblePerson":"赵检","responsibleTitle":"检测负责人"}"#
            let added = try await t.send(.POST, "/api/v1/projects/\(id)/participants", token: owner, json: body)
            #expect(added.status == .created, "\(added.body.string)")
            #expect(try added.json()["roleName"].string == "专业分包")
            let twice = try await t.send(.POST, "/api/v1/projects/\(id)/participants", token: owner, json: body)
            #expect(twice.status == .conflict)
            let participant = try added.json()["id"].string
            let early = try await t.send(.PATCH, "/api/v1/projects/\(id)/participants/\(participant)", token: owner, json: #"{"exitedOn":"2026-02-01"}"#)
            #expect(try early.error().code == "before_entry")
            let exited = try await t.send(.PATCH, "/api/v1/projects/\(id)/participants/\(participant)", token: owner, json: #"{"exitedOn":"2026-09-30"}"#)
            #expect(try exited.json()["exitedOn"].string == "2026-09-30")
            let regulatorOrg = try #require(try await Organization.query(on: t.db).filter(\.$kind == .regulator).first())
            let regulator = try await t.send(.POST, "/api/v1/projects/\(id)/participants", token: owner,
                                             json: #"{"organizationId":"\#(try regulatorOrg.requireID())","role":"007","enteredOn":"2026-03-01"}"#)
            #expect(try regulator.error().code == "regulator_not_participant")
        }
    }

    @Test func importedRegionsExtendTheBuiltInTable() async throws {
        try await TestApp.run { t in
            let count = try await RegionDirectory.importCSV("code,name\n320199,江北新区（测试）\n441999,松山湖（测试）\n", writePath: t.app.siteLedger.writePath, on: t.db)
            #expect(count == 2)
            _ = try await RegionDirectory.importCSV("320199,江北新区\n", writePath: t.app.siteLedger.writePath, on: t.db)
            let table = try await RegionDirectory.load(on: t.db)
            #expect(table.fullName(of: try RegionCode("320199")) == "江苏省南京市江北新区")
            #expect(table.name(of: try RegionCode("320102")) == "玄武区", "built-in names stay")
            await #expect(throws: APIError.self) { try await RegionDirectory.importCSV("320199;no comma\n", writePath: t.app.siteLedger.writePath, on: t.db) }
            #expect(try await RegionRecord.query(on: t.db).count() == 2, "a bad file adds nothing")
        }
    }

    @Test func anOrganizationThatLeftKeepsReadingButNoLongerWrites() async throws {
        try await TestApp.run(demo: true) { t in
            let owner = try await t.login("owner")
            let supervisor = try await t.login("supervisor")
            let id = try await projectID(Fixtures.njProjectCode, t)
            let code = try await t.send(.GET, "/api/v1/projects/\(id)/buildings", token: supervisor).json()[0]["code"].string
            let event = #"{"kind":"qualitySupervision","occurredAt":"2026-01-01T08:00:00Z","sourceSystem":"监理日志","referenceNumber":"JL-\#(UUID())"}"#
            #expect(try await t.send(.POST, "/api/v1/buildings/\(code)/events", token: supervisor, json: event).status == .created)

            let all = try await t.send(.GET, "/api/v1/projects/\(id)/participants", token: owner).json().array
            let entry = try #require(all.first { (try? $0["roleName"].string) == "监理单位" })
            let exited = try await t.send(.PATCH, "/api/v1/projects/\(id)/participants/\(try entry["id"].string)", token: owner, json: #"{"exitedOn":"2024-12-31"}"#)
            #expect(exited.status == .ok)

            #expect(try await t.send(.GET, "/api/v1/projects/\(id)", token: supervisor).status == .ok, "history stays readable")
            let again = event.replacingOccurrences(of: "JL-", with: "JL2-")
            #expect(try await t.send(.POST, "/api/v1/buildings/\(code)/events", token: supervisor, json: again).status == .forbidden)
        }
    }

    func projectID(_ code: String, _ t: TestApp) async throws -> String {
        try #require(try await Project.query(on: t.db).filter(\.$code == code).first()).requireID().uuidString
    }
}
