import Foundation
import Testing
import Vapor
import VaporTesting
import Fluent
@testable import SiteLedgerServer

/// Every role against every endpoint family, with the exact answer each must get. The
/// expectations are written out by hand from DESIGN.md's access rules, not derived from
/// `AccessPolicy`. Requests that would be allowed carry a body that fails validation, so the
/// table can be run in any order without one row changing another.
@Suite("Access: every role against every endpoint family")
struct AccessMatrixTests {
    static let roles = ["anonymous", "admin", "js-regulator", "nj-regulator", "nj-inspector", "dg-regulator", "owner", "contractor",
                        "contractor-staff", "supervisor", "vendor", "testing", "key-read", "key-elsewhere", "regulator-key"]

    struct Family {
        let name: String
        let method: HTTPMethod
        let path: String
        let body: String?
        /// One status per entry of `roles`, in order.
        let expected: [UInt]
    }

    static func families(project: String, building: String, contractorOrg: String, participant: String, user: String, station: String) -> [Family] {
        [
            Family(name: "list devices", method: .GET, path: "/api/v1/projects/\(project)/devices", body: nil,
                   expected: [401, 403, 200, 200, 200, 404, 200, 200, 200, 200, 200, 404, 200, 404, 404]),
            // The owner and the general contractor register a site's monitors, as do its regulators.
            Family(name: "register device", method: .POST, path: "/api/v1/projects/\(project)/devices",
                   body: #"{"kind":"dustNoise","mn":"short","password":"123456","name":"越界"}"#,
                   expected: [401, 403, 422, 422, 403, 404, 422, 422, 403, 403, 403, 404, 403, 404, 404]),
            // The station's vendor pushes its readings too, as a manager of its organization.
            Family(name: "push readings", method: .POST, path: "/api/v1/readings",
                   body: #"{"readings":[{"mn":"\#(station)","kind":9999,"dataTime":"2026-11-21T09:30:00+08:00","values":{"a34002":50}}]}"#,
                   expected: [401, 403, 422, 422, 403, 404, 422, 422, 403, 403, 422, 404, 403, 404, 404]),
            Family(name: "read project", method: .GET, path: "/api/v1/projects/\(project)", body: nil,
                   expected: [401, 403, 200, 200, 200, 404, 200, 200, 200, 200, 200, 404, 200, 404, 404]),
            Family(name: "list projects", method: .GET, path: "/api/v1/projects", body: nil,
                   expected: [401, 403, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
            Family(name: "edit project", method: .PATCH, path: "/api/v1/projects/\(project)", body: #"{"progressPercent":101}"#,
                   expected: [401, 403, 422, 422, 403, 404, 422, 422, 403, 403, 403, 404, 403, 404, 404]),
            Family(name: "change status", method: .POST, path: "/api/v1/projects/\(project)/status", body: #"{"status":"registered"}"#,
                   expected: [401, 403, 409, 409, 403, 404, 403, 403, 403, 403, 403, 404, 403, 404, 404]),
            Family(name: "add participant", method: .POST, path: "/api/v1/projects/\(project)/participants",
                   body: #"{"organizationId":"\#(UUID())","role":"006","enteredOn":"2026-01-01"}"#,
                   expected: [401, 403, 422, 422, 403, 404, 422, 403, 403, 403, 403, 404, 403, 404, 404]),
            Family(name: "edit participant", method: .PATCH, path: "/api/v1/projects/\(project)/participants/\(participant)",
                   body: #"{"exitedOn":"2026-13-01"}"#,
                   expected: [401, 403, 422, 422, 403, 404, 422, 403, 403, 403, 403, 404, 403, 404, 404]),
            Family(name: "list participants", method: .GET, path: "/api/v1/projects/\(project)/participants", body: nil,
                   expected: [401, 403, 200, 200, 200, 404, 200, 200, 200, 200, 200, 404, 200, 404, 404]),
            Family(name: "register building", method: .POST, path: "/api/v1/projects/\(project)/buildings",
                   body: #"{"number":"X1","name":"越界","floorsAbove":-1}"#,
                   expected: [401, 403, 422, 422, 403, 404, 422, 403, 403, 403, 403, 404, 403, 404, 404]),
            Family(name: "read building", method: .GET, path: "/api/v1/buildings/\(building)", body: nil,
                   expected: [401, 403, 200, 200, 200, 404, 200, 200, 200, 200, 200, 404, 200, 404, 404]),
            Family(name: "post building event", method: .POST, path: "/api/v1/buildings/\(building)/events",
                   body: #"{"kind":"other","occurredAt":"2026-01-01T00:00:00Z","sourceSystem":" ","referenceNumber":"R1"}"#,
                   expected: [401, 403, 422, 422, 403, 404, 422, 422, 403, 422, 422, 404, 403, 404, 404]),
            Family(name: "read timeline", method: .GET, path: "/api/v1/buildings/\(building)/timeline", body: nil,
                   expected: [401, 403, 200, 200, 200, 404, 200, 200, 200, 200, 200, 404, 200, 404, 404]),
            Family(name: "register project", method: .POST, path: "/api/v1/projects",
                   body: #"{"code":"bad","name":"n","regionCode":"320105","address":"a","kind":"building"}"#,
                   expected: [401, 403, 422, 422, 403, 403, 422, 403, 403, 403, 403, 403, 403, 403, 403]),
            Family(name: "read directory", method: .GET, path: "/api/v1/organizations", body: nil,
                   expected: [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
            Family(name: "read regions", method: .GET, path: "/api/v1/regions?parent=320100", body: nil,
                   expected: [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
            Family(name: "manage organizations", method: .POST, path: "/api/v1/organizations",
                   body: #"{"name":"n","kind":"owner","creditCode":"91110000101623741A","regionCode":"320100"}"#,
                   expected: [401, 422, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403]),
            Family(name: "edit organization", method: .PATCH, path: "/api/v1/organizations/\(contractorOrg)", body: #"{"name":" "}"#,
                   expected: [401, 422, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403]),
            Family(name: "manage users", method: .GET, path: "/api/v1/users", body: nil,
                   expected: [401, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403]),
            Family(name: "edit user", method: .PATCH, path: "/api/v1/users/\(user)", body: #"{"displayName":" "}"#,
                   expected: [401, 422, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403]),
            Family(name: "manage API keys", method: .POST, path: "/api/v1/api-keys",
                   body: #"{"name":" ","organizationId":"\#(contractorOrg)"}"#,
                   expected: [401, 422, 403, 403, 403, 403, 403, 422, 403, 403, 403, 403, 403, 403, 403]),
        ]
    }

    /// How many projects each role sees in the list (the demo world has 5 in Nanjing, 3 in
    /// Dongguan, 4 in Shenzhen).
    static let visibleProjects: [String: Int] = [
        "js-regulator": 5, "nj-regulator": 5, "dg-regulator": 3, "owner": 5, "contractor": 5, "contractor-staff": 5,
        "supervisor": 5, "vendor": 5, "testing": 0, "key-read": 1, "key-elsewhere": 1, "nj-inspector": 5, "regulator-key": 1,
    ]

    @Test func everyRoleGetsExactlyItsAnswer() async throws {
        try await TestApp.run(demo: true) { t in
            let project = try #require(try await Project.query(on: t.db).filter(\.$code == Fixtures.njProjectCode).first())
            let other = try #require(try await Project.query(on: t.db).filter(\.$code == "2024-320115-47-01-402731").first())
            let building = try #require(try await Building.query(on: t.db).filter(\.$project.$id == project.requireID()).first())
            let contractorOrg = try #require(try await User.query(on: t.db).filter(\.$username == "contractor").first()).$organization.id!
            let tokens = try await credentials(t, contractorOrg: contractorOrg, project: project.requireID(), other: other.requireID())
            let before = try await t.changeCount()

            let participant = try #require(try await Participant.query(on: t.db).filter(\.$project.$id == project.requireID()).first())
            let user = try #require(try await User.query(on: t.db).filter(\.$username == "contractor-staff").first())
            let families = Self.families(
                project: try project.requireID().uuidString, building: building.code, contractorOrg: contractorOrg.uuidString,
                participant: try participant.requireID().uuidString, user: try user.requireID().uuidString,
                station: DemoWorld.stationMN(projectCode: project.code)
            )
            for family in families {
                for (role, expected) in zip(Self.roles, family.expected) {
                    let response = try await t.send(family.method, family.path, token: tokens[role], json: family.body)
                    #expect(response.status.code == expected, "\(family.name) as \(role): \(response.body.string.prefix(200))")
                }
            }
            for (role, count) in Self.visibleProjects {
                let list = try await t.send(.GET, "/api/v1/projects", token: tokens[role]).json()
                #expect(list["items"].array.count == count, "\(role) sees \(list["items"].array.count) projects")
            }
            #expect(try await t.changeCount() == before, "no refused or invalid request wrote anything")
        }
    }

    private func credentials(_ t: TestApp, contractorOrg: UUID, project: UUID, other: UUID) async throws -> [String: String] {
        var tokens: [String: String] = ["admin": try await t.login("admin", Fixtures.adminPassword)]
        for role in Self.roles where !["anonymous", "admin", "key-read", "key-elsewhere", "regulator-key"].contains(role) {
            tokens[role] = try await t.login(role)
        }
        let regulatorOrg = try #require(try await User.query(on: t.db).filter(\.$username == "nj-regulator").first()).$organization.id!
        let keys = [("key-read", "contractor", contractorOrg, project, false), ("key-elsewhere", "contractor", contractorOrg, other, true),
                    ("regulator-key", "nj-regulator", regulatorOrg, other, false)]
        for (role, manager, organization, scope, write) in keys {
            let created = try await t.send(.POST, "/api/v1/api-keys", token: tokens[manager]!,
                                           json: #"{"name":"\#(role)","organizationId":"\#(organization)","projectScope":["\#(scope)"],"canWrite":\#(write)}"#)
            #expect(created.status == .created, "\(created.body.string)")
            tokens[role] = try created.json()["key"].string
        }
        return tokens
    }
}
