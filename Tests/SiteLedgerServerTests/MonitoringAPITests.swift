import Foundation
import Testing
import Vapor
import VaporTesting
import Fluent
import SQLKit
@testable import SiteLedgerServer

@Suite("Monitoring over HTTP: device registration and pushed readings")
struct MonitoringAPITests {
    static let mn = "SL2026000000000000000777"

    /// One reading as a vendor's platform pushes it.
    static func item(_ mn: String = mn, kind: Int = 2051, hour: Int = 9, minute: Int = 0, values: String = #"{"a34002":0.052,"LA":61.5,"a99999":3}"#, flags: String = "null") -> String {
        #"{"mn":"\#(mn)","kind":\#(kind),"dataTime":"2026-11-21T\#(String(format: "%02d:%02d", hour, minute)):00+08:00","values":\#(values),"flags":\#(flags)}"#
    }

    static func push(_ t: TestApp, _ items: [String], token: String) async throws -> TestingHTTPResponse {
        try await t.send(.POST, "/api/v1/readings", token: token, json: #"{"readings":[\#(items.joined(separator: ","))]}"#)
    }

    /// Registers the station as the general contractor would, for the demo vendor, in mg/m³.
    static func registerStation(_ t: TestApp) async throws -> String {
        let vendor = try #require(try await Organization.query(on: t.db).filter(\.$kind == .vendor).first()).requireID()
        let contractor = try await t.login("contractor")
        let project = try await t.njProjectID
        let created = try await t.send(.POST, "/api/v1/projects/\(project)/devices", token: contractor, json: #"""
            {"kind":"dustNoise","mn":"\#(mn)","password":"Site#77","name":"东门扬尘监测点","vendorId":"\#(vendor)","particulateScale":1000,"intervalSeconds":60}
            """#)
        #expect(created.status == .created, "\(created.body.string)")
        #expect(!created.body.string.contains("Site#77") && !created.body.string.lowercased().contains("password"))
        return try await t.login("vendor")
    }

    @Test func aContractorRegistersAStationAndEveryParticipantSeesIt() async throws {
        try await TestApp.run(demo: true) { t in
            _ = try await Self.registerStation(t)
            let project = try await t.njProjectID
            let listed = try await t.send(.GET, "/api/v1/projects/\(project)/devices", token: t.login("supervisor")).json()
            let station = try #require(listed.array.first { (try? $0["mn"].string) == Self.mn })
            #expect(station["particulateScale"].value as? Double == 1000 && station["active"].value as? Bool == true)
            #expect(try station["kind"].string == "dustNoise")
            let again = try await t.send(.POST, "/api/v1/projects/\(project)/devices", token: t.login("owner"),
                                         json: #"{"kind":"dustNoise","mn":"\#(Self.mn)","password":"x","name":"重复"}"#)
            #expect(again.status == .conflict)
            #expect(try again.error() == ("duplicate_mn", "mn"))
        }
    }

    @Test func theVendorPushesReadingsThatAreStoredOnceAndScaledLikeAPacket() async throws {
        try await TestApp.run(demo: true) { t in
            let vendor = try await Self.registerStation(t)
            let items = (0..<5).map { Self.item(minute: $0) } + [Self.item(kind: 2011, minute: 0, flags: #"{"LA":"D"}"#)]
            let pushed = try await Self.push(t, items, token: vendor)
            #expect(pushed.status == .ok, "\(pushed.body.string)")
            #expect(try pushed.json()["accepted"].int == 6)
            #expect(try await Self.push(t, items, token: vendor).status == .ok, "pushing again is harmless")
            #expect(try await t.readingCount() == 6)
            let row = try #require(try await (t.db as! any SQLDatabase).raw("SELECT pm10, noise, flags, extra, data_time FROM readings WHERE kind = 2011").first())
            #expect(abs(try row.decode(column: "pm10", as: Double.self) - 52) < 1e-9, "mg/m³ times the device's scale of 1000")
            #expect(try row.decode(column: "noise", as: Double.self) == 61.5)
            #expect(try row.decode(column: "flags", as: String.self) == "noise=D")
            #expect(try row.decode(column: "extra", as: String.self).contains("a99999-Rtd"), "unknown factors are kept")
            #expect(try row.decode(column: "data_time", as: Int.self) == 1_795_222_800, "09:00 Beijing time is 01:00 UTC")
        }
    }

    @Test func badPushesAreRefusedByFieldAndStoreNothing() async throws {
        try await TestApp.run(demo: true) { t in
            let vendor = try await Self.registerStation(t)
            let cases: [([String], UInt, String, String)] = [
                ([Self.item(minute: 1), Self.item(kind: 9999, minute: 2)], 422, "invalid_kind", "readings[1].kind"),
                ([Self.item(minute: 1), Self.item("SL2026000000000000000404")], 404, "unknown_device", "readings[1].mn"),
                ([Self.item(values: "{}")], 422, "empty", "readings[0].values"),
                ([Self.item(values: #"{"a34002":"high"}"#)], 422, "wrong_type", "readings.Index 0.values.a34002"),
                ([Self.item(values: #"{"a34-002":1}"#)], 422, "invalid_factor", "readings[0].values"),
                ([Self.item(flags: #"{"a34002":"bad"}"#)], 422, "invalid_flag", "readings[0].flags"),
                ([Self.item(flags: #"{"a01001":"D"}"#)], 422, "invalid_flag", "readings[0].flags"),
                ([], 422, "empty", "readings"),
                (Array(repeating: Self.item(), count: 1_001), 422, "too_many", "readings"),
            ]
            for (items, status, code, field) in cases {
                let response = try await Self.push(t, items, token: vendor)
                #expect(response.status.code == status, "\(code): \(response.body.string)")
                let error = try response.error()
                #expect(error.code == code && (error.field == field || code == "wrong_type"), "\(response.body.string)")
            }
            #expect(try await t.send(.POST, "/api/v1/readings", token: vendor, json: #"{"readings":{}}"#).status == .unprocessableEntity)
            #expect(try await t.send(.POST, "/api/v1/readings", token: vendor, json: #"{"readings":["#).status == .badRequest)
            #expect(try await t.send(.POST, "/api/v1/readings", json: #"{"readings":[\#(Self.item())]}"#).status == .unauthorized)
            #expect(try await t.readingCount() == 0, "no refused push stored anything")
        }
    }

    /// Over real HTTP: a full push of a thousand readings is well over the usual 64 KB and is
    /// taken; over a megabyte is refused before it is read.
    @Test func aFullPushIsTakenAndOneOverAMegabyteIsNot() async throws {
        try await WebConsoleTests.withBrowser { t, browser in
            let vendor = try await Self.registerStation(t)
            var headers: HTTPHeaders = ["Content-Type": "application/json"]
            headers.bearerAuthorization = .init(token: vendor)
            func post(_ count: Int) async throws -> ClientResponse {
                let body = #"{"readings":[\#((0..<count).map { Self.item(hour: $0 / 60 % 12, minute: $0 % 60) }.joined(separator: ","))]}"#
                return try await browser.send(.POST, "/api/v1/readings", headers: headers, body: body)
            }
            let full = try await post(ReadingUpload.maxReadings)
            #expect(full.status == .ok, "\(full.text.prefix(200))")
            #expect(try await t.readingCount() == 720, "twelve hours of minutes, the rest sent again")
            let huge = try await post(10_000)
            #expect(huge.status == .payloadTooLarge && huge.text.contains("payload_too_large"))
        }
    }
}
