import Foundation
import Testing
import Vapor
import VaporTesting
import Fluent
@testable import SiteLedgerServer

/// Walks every API route the router serves with hostile input — malformed and wrong-typed
/// bodies, control characters, absurd numbers, junk query parameters and path parameters — as
/// callers who may use the route, and asserts that every answer is a 4xx (or a success) and
/// that nothing was written.
@Suite("Bad input: no route answers 5xx or writes on hostile input")
struct BadInputTests {
    static let bodies = [
        "", "{", "null", "[]", "\"text\"", "42", "{}",
        #"{"name":"\u0000","code":"\u0000","username":"\u0000","password":"\u0000","regionCode":"\u0000","kind":"\u0000","status":"\u0000"}"#,
        #"{"name":12,"code":[],"regionCode":{},"kind":true,"floorsAbove":1e400,"contractAmount":1e400,"occurredAt":"yesterday"}"#,
        #"{"floorsAbove":99999999999999999999,"progressPercent":-1,"latitude":"NaN","organizationId":"not-a-uuid","role":"999"}"#,
        #"{"payload":{"a":{"b":{"c":[[[[[[[[[[]]]]]]]]]]}}},"kind":"other","occurredAt":"2026-01-01T00:00:00Z","sourceSystem":"\u0000","referenceNumber":"r"}"#,
    ]
    static let queries = [
        "?q=%00&region=%00&cursor=%00&subject=%00&from=%00&to=%00", "?limit=abc&cursor=!!!", "?limit=-1", "?limit=99999999999999999999",
        "?status=bogus&kind=bogus&organizationId=zz&parent=%00&subject=\(String(repeating: "x", count: 300))&from=9&to=2", "?cursor=" + String(repeating: "A", count: 600),
    ]

    @Test func everyRouteSurvivesHostileInput() async throws {
        try await TestApp.run(demo: true) { t in
            let project = try #require(try await Project.query(on: t.db).filter(\.$code == Fixtures.njProjectCode).first())
            let building = try #require(try await Building.query(on: t.db).filter(\.$project.$id == project.requireID()).first())
            let tokens = [try await t.login("admin", Fixtures.adminPassword), try await t.login("js-regulator"), try await t.login("owner")]
            let before = try await t.changeCount()
            let parameterValues: [String: [String]] = [
                "project": [try project.requireID().uuidString, "not-a-uuid", "%00"],
                "code": [building.code, "%00", String(repeating: "9", count: 300)],
                "organization": ["not-a-uuid", UUID().uuidString], "user": ["not-a-uuid", UUID().uuidString],
                "key": ["not-a-uuid"], "participant": ["not-a-uuid", UUID().uuidString],
                "index": ["0", "abc", "-1", "99999999999999999999", "%00", "9223372036854775806"],
            ]
            let routes = t.app.routes.all.filter { $0.path.first?.description == "api" }
            for route in routes {
                for path in expand(route.path, parameterValues) {
                    for token in tokens {
                        for query in Self.queries {
                            let response = try await t.send(route.method, path + query, token: token)
                            #expect(response.status.code < 500, "\(route.method) \(path + query): \(response.body.string.prefix(200))")
                        }
                        guard route.method != .GET else { continue }
                        for body in Self.bodies where !(route.path.last?.description == "login") {
                            let response = try await t.send(route.method, path, token: token, json: body)
                            #expect(response.status.code < 500, "\(route.method) \(path) \(body.prefix(40)): \(response.body.string.prefix(200))")
                        }
                    }
                }
            }
            for body in Self.bodies {
                let response = try await t.send(.POST, "/api/v1/auth/login", json: body)
                #expect(response.status.code / 100 == 4, "login \(body.prefix(40)): \(response.body.string.prefix(200))")
            }
            for tile in ["0/000.p/1", "0/%00", "entries/x001/%00", "99/000", "0/" + String(repeating: "x999/", count: 40) + "000", "entries/000.p/99999"] {
                let response = try await t.send(.GET, "/ledger/tile/" + tile)
                #expect([200, 400, 404].contains(response.status.code), "tile \(tile): \(response.status)")
            }
            #expect(try await t.changeCount() == before)
        }
    }

    private func expand(_ components: [PathComponent], _ values: [String: [String]]) -> [String] {
        components.reduce([""]) { prefixes, component in
            let options: [String] = switch component {
            case .parameter(let name): values[name] ?? ["x"]
            default: [component.description]
            }
            return prefixes.flatMap { prefix in options.map { prefix + "/" + $0 } }
        }
    }
}
