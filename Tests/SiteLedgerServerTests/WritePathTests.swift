import Foundation
import Testing
import Vapor
import Fluent
import SQLKit
import VaporTesting
import SiteLedgerCore
@testable import SiteLedgerServer

@Suite("Write path: group commit, savepoints, serials and read caches")
struct WritePathTests {
    /// Twelve of forty-eight concurrent registrations ask for the same number: one of them
    /// wins, the other eleven fail after their code serial was drawn. On SQLite they commit in
    /// groups with the writes that succeed, so each must be undone alone.
    @Test func aFailingWriteIsUndoneAloneAndTheOthersCommit() async throws {
        try await TestApp.run(demo: true) { t in
            let owner = try await t.login("owner")
            let project = try await t.njProjectID
            let (buildings, changes, entries) = (try await Building.query(on: t.db).count(), try await t.changeCount(), try await t.ledger.store.committedSize())
            let responses = try await withThrowingTaskGroup(of: TestingHTTPResponse.self) { group in
                for index in 0..<48 {
                    let number = index % 4 == 0 ? "同号" : "G\(index)"
                    group.addTask {
                        try await t.send(.POST, "/api/v1/projects/\(project)/buildings", token: owner, json: #"{"number":"\#(number)","name":"组提交 \#(index)","floorsAbove":3}"#)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let created = responses.filter { $0.status == .created }
            let refused = responses.filter { $0.status != .created }
            #expect(created.count == 37)
            #expect(refused.count == 11)
            for response in refused {
                #expect(response.status == .conflict)
                #expect(try response.error() == ("duplicate_building_number", "number"))
            }
            #expect(try await Building.query(on: t.db).count() == buildings + 37)
            #expect(try await t.changeCount() == changes + 37)
            #expect(try await t.ledger.store.committedSize() == entries + 37)
            let indexes = try created.map { try $0.json()["evidence"]["index"].int }.sorted()
            #expect(indexes == Array(Int(entries)..<Int(entries) + 37), "each write has its own entry, densely")
            let serials = try await Building.query(on: t.db).filter(\.$code =~ "320105").all().map { try SiteLedgerBuildingCodeFormat().parse($0.code).serial }
            #expect(serials.sorted() == Array(1...serials.count), "an undone write gives its serial back")
        }
    }

    /// Writes that fail after writing rows, committed beside writes that succeed: nothing of
    /// theirs stays — no building, no change, no entry, no serial — and nothing of the others
    /// is lost.
    @Test func aWriteThatFailsAfterWritingLeavesNothing() async throws {
        struct Refused: Error {}
        try await TestApp.run(demo: true) { t in
            let project = try #require(try await Project.query(on: t.db).filter(\.$code == Fixtures.njProjectCode).first())
            let (id, region) = (try project.requireID(), project.regionCode)
            let writePath = t.app.siteLedger.writePath
            let format = t.app.siteLedger.buildingCodes
            let (buildings, changes, entries) = (try await Building.query(on: t.db).count(), try await t.changeCount(), try await t.ledger.store.committedSize())
            let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
                for index in 0..<40 {
                    group.addTask {
                        do {
                            try await writePath.perform(on: t.db, by: .system) { writes in
                                let request = CreateBuildingRequest(number: "W\(index)", name: "撤销 \(index)", floorsAbove: 2, floorsBelow: nil, height: nil, floorArea: nil, structureType: nil, use: nil)
                                _ = try await BuildingService.create(request, inProject: id, regionCode: region, format: format, writes: writes)
                                if index % 3 == 0 { throw Refused() }
                            }
                            return true
                        } catch is Refused {
                            return false
                        }
                    }
                }
                return try await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            let kept = outcomes.filter { $0 }.count
            #expect(kept == 26)
            #expect(try await Building.query(on: t.db).count() == buildings + kept)
            #expect(try await Building.query(on: t.db).filter(\.$number =~ "W").all().allSatisfy { Int($0.number.dropFirst())! % 3 != 0 })
            #expect(try await t.changeCount() == changes + kept)
            #expect(try await t.ledger.store.committedSize() == entries + UInt64(kept))
            let serials = try await Building.query(on: t.db).filter(\.$code =~ "320105").all().map { try SiteLedgerBuildingCodeFormat().parse($0.code).serial }
            #expect(serials.sorted() == Array(1...serials.count))
        }
    }

    @Test func concurrentWritesShareTransactionsOnSQLite() async throws {
        try await TestApp.run(demo: true) { t in
            let owner = try await t.login("owner")
            let project = try await t.njProjectID
            let before = try await Self.commitCounters(t)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<32 {
                    group.addTask {
                        let response = try await t.send(.POST, "/api/v1/projects/\(project)/buildings", token: owner, json: #"{"number":"S\#(index)","name":"并发 \#(index)","floorsAbove":3}"#)
                        #expect(response.status == .created)
                    }
                }
                try await group.waitForAll()
            }
            let after = try await Self.commitCounters(t)
            #expect(after.writes - before.writes == 32)
            if TestApp.postgresURL == nil {
                #expect(after.transactions - before.transactions < 32, "SQLite commits queued writes together")
            } else {
                #expect(after.transactions - before.transactions == 32, "PostgreSQL commits each write on its own")
            }
        }
    }

    /// Who is calling and what a project's access depends on stay cached across writes that
    /// cannot change them, and are dropped by those that can.
    @Test func writesEmptyOnlyTheCachesTheyCanMakeStale() async throws {
        try await TestApp.run(demo: true) { t in
            let owner = try await t.login("owner")
            let project = try await t.njProjectID
            let caches = t.app.siteLedger.caches
            #expect(try await t.send(.GET, "/api/v1/projects/\(project)", token: owner).status == .ok)
            #expect(caches.callers.value(for: owner) != nil && caches.projects.value(for: project) != nil)

            try await t.registerBuilding("缓存楼", token: owner)
            #expect(caches.callers.value(for: owner) != nil, "a building changes no caller")
            #expect(caches.projects.value(for: project) != nil, "nor a project's access")

            let testing = try #require(try await Organization.query(on: t.db).filter(\.$kind == .testingAgency).first())
            let joined = try await t.send(.POST, "/api/v1/projects/\(project)/participants", token: owner,
                                          json: #"{"organizationId":"\#(try testing.requireID())","role":"001","enteredOn":"2026-03-01"}"#)
            #expect(joined.status == .created, "\(joined.body.string)")
            #expect(caches.projects.value(for: project) == nil, "a participant changes who may do what")
            #expect(caches.callers.value(for: owner) != nil)

            let organization = try #require(try await User.query(on: t.db).filter(\.$username == "owner").first()).$organization.id!
            let key = try await t.send(.POST, "/api/v1/api-keys", token: owner, json: #"{"name":"缓存测试","organizationId":"\#(organization)","canWrite":false}"#)
            #expect(key.status == .created, "\(key.body.string)")
            #expect(caches.callers.value(for: owner) == nil, "an API key is a caller")
        }
    }

    private static func commitCounters(_ t: TestApp) async throws -> (writes: Int, transactions: Int) {
        let metrics = try await t.send(.GET, "/metrics").body.string
        func value(_ name: String) throws -> Int {
            let line = try #require(metrics.split(separator: "\n").first { $0.hasPrefix(name + " ") })
            return try #require(Int(line.split(separator: " ")[1]))
        }
        return (try value("siteledger_writes_total"), try value("siteledger_write_transactions_total"))
    }
}

/// The canonical form records are hashed in, against Foundation's own sorted-key writer on
/// values that stress it: escapes, non-ASCII, big and negative-zero numbers, nesting.
@Suite("Canonical JSON")
struct CanonicalJSONTests {
    struct Sample: Encodable {
        let text: String
        let ratio: Double
        let whole: Double
        let big: Int64
        let amount: Decimal
        let nested: [String: [Double]]
        let flag: Bool
        let missing: String?
        let none: String?
    }

    static let samples = [
        Sample(text: "quote\" back\\ slash/ tab\t nl\n ctl\u{01} é 中文 😀 \u{2028}", ratio: 0.1, whole: 99, big: 9_007_199_254_740_993,
               amount: Decimal(string: "12345678.90")!, nested: ["z": [1e-7, 1e21], "a": [-0.0, 32.0584123]], flag: true, missing: nil, none: "x"),
        Sample(text: "<>&'", ratio: 1.0 / 3.0, whole: -250, big: -1, amount: 0, nested: [:], flag: false, missing: "\u{7f}\u{1f}", none: nil),
    ]

    @Test(arguments: samples)
    func canonicalTextMatchesFoundationsSortedKeys(_ sample: Sample) throws {
        let encoded = try JSONEncoder().encode(sample)
        let foundation = try JSONSerialization.data(withJSONObject: JSONSerialization.jsonObject(with: encoded), options: [.sortedKeys, .withoutEscapingSlashes])
        #expect(try JSONValue(encoding: sample).canonicalText() == String(decoding: foundation, as: UTF8.self))
    }

    @Test func negativeZeroIsWrittenAsZero() throws {
        #expect(try JSONValue.number(-0.0).canonicalText() == "0")
    }
}
