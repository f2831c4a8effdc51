import Foundation
import Testing
import Vapor
import Fluent
import SQLKit
import Crypto
import SiteLedgerCore
@testable import SiteLedgerServer

@Suite("存证 evidence ledger")
struct LedgerTests {
    @Test func everyWriteCarriesEvidenceOfItsEntry() async throws {
        try await TestApp.run(demo: true) { t in
            let owner = try await t.login("owner")
            let before = try await t.ledger.store.committedSize()
            let evidence = try await t.registerBuilding("E1", token: owner)
            #expect(evidence.index == before)

            let anonymous = try await t.send(.GET, "/api/v1/ledger/entries/\(evidence.index)").json()
            #expect(try anonymous["leafHash"].string == evidence.leafHash)
            #expect(anonymous["record"].isNull)
            let entryText = try anonymous["entry"].string
            #expect(Merkle.leafHash(Array(entryText.utf8)).base64 == evidence.leafHash)
            let entry = try LedgerEntry.decode(Array(entryText.utf8))
            #expect(entry.kind == "building.registered")
            #expect(entry.subject.type == "building")

            let reader = try await t.send(.GET, "/api/v1/ledger/entries/\(evidence.index)", token: owner).json()
            let record = try reader["record"].string
            #expect(SHA256.hash(data: Data(record.utf8)).hexDigits == entry.record)
            #expect(record.contains(#""number":"E1""#))
        }
    }

    @Test func aFailedWriteLeavesNoEntry() async throws {
        try await TestApp.run(demo: true) { t in
            let owner = try await t.login("owner")
            try await t.registerBuilding("F1", token: owner)
            let size = try await t.ledger.store.committedSize()
            let duplicate = try await t.send(.POST, "/api/v1/projects/\(t.njProjectID)/buildings", token: owner, json: #"{"number":"F1","name":"重复","floorsAbove":3}"#)
            #expect(duplicate.status == .conflict)
            #expect(duplicate.body.string.contains("evidence") == false)
            #expect(try await t.ledger.store.committedSize() == size)
            #expect(try await t.changeCount() == Int(size))
        }
    }

    @Test func concurrentWritersGetDenseUniqueIndexes() async throws {
        try await TestApp.run(demo: true) { t in
            let owner = try await t.login("owner")
            let before = try await t.ledger.store.committedSize()
            let indexes = try await withThrowingTaskGroup(of: UInt64.self) { group in
                for n in 0..<40 { group.addTask { try await t.registerBuilding("C\(n)", token: owner).index } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(indexes.sorted() == Array(before..<before + 40))
            let stored = try await t.ledger.store.entries(0..<before + 40).map(\.index)
            #expect(stored == Array(0..<before + 40))
        }
    }

    @Test func receiptsVerifyOfflineAndNameWhatWasAltered() async throws {
        try await TestApp.run(demo: true) { t in
            let owner = try await t.login("owner")
            let evidence = try await t.registerBuilding("R1", token: owner)
            let response = try await t.send(.GET, "/api/v1/ledger/entries/\(evidence.index)/receipt")
            #expect(response.status == .ok)
            #expect(response.headers.contentType?.description.hasPrefix("text/plain") == true)
            let receipt = response.body.string
            let found = try await t.send(.GET, "/api/v1/ledger/entries/\(evidence.index)", token: owner).json()
            let entry = Data(try found["entry"].string.utf8)
            let record = Data(try found["record"].string.utf8)
            let key = try await t.send(.GET, "/api/v1/ledger/key").body.string

            let lines = try SiteLedgerRuntime.verifyReceipt(receipt, entry: entry, record: record, verifierKey: key)
            #expect(lines.count == 3)

            let parsed = try Receipt(parsing: receipt)
            var proof = parsed.proof
            let flipped = Hash(bytes: proof[0].bytes.enumerated().map { $0 == 0 ? $1 ^ 1 : $1 })!
            proof[0] = flipped
            let badProof = Receipt(extra: parsed.extra, index: parsed.index, proof: proof, checkpoint: parsed.checkpoint).text
            let badCheckpoint = receipt.replacingOccurrences(of: "\n\(parsed.checkpoint.split(separator: "\n")[1])\n", with: "\n\(UInt64(parsed.checkpoint.split(separator: "\n")[1])! + 1)\n")
            let signatureLine = try #require(receipt.split(separator: "\n").last)
            let badSignature = receipt.replacingOccurrences(of: signatureLine, with: signatureLine.dropLast(8) + "AAAAAAA=")
            let cases: [(String, Data, Data?, ReceiptError.Part?)] = [
                (receipt, entry + Data(" ".utf8), nil, .entry),
                (badProof, entry, nil, .proof),
                (badCheckpoint, entry, nil, .checkpoint),
                (badSignature, entry, nil, .checkpoint),
            ]
            for (text, entry, record, part) in cases {
                #expect { try SiteLedgerRuntime.verifyReceipt(text, entry: entry, record: record, verifierKey: key) } throws: {
                    ($0 as? ReceiptError)?.part == part
                }
            }
            #expect(throws: EvidenceCheck.RecordMismatch.self) {
                try SiteLedgerRuntime.verifyReceipt(receipt, entry: entry, record: record + Data(" ".utf8), verifierKey: key)
            }
        }
    }

    @Test func auditPassesOverHTTPAndOnTheExportedMirrorAndFailsOnATamperedCopy() async throws {
        try await TestApp.run(demo: true) { t in
            let owner = try await t.login("owner")
            let demoSize = try await t.ledger.store.committedSize()
            for n in 0..<(300 - Int(demoSize)) { try await t.registerBuilding("A\(n)", token: owner) }
            let checkpoint = try await t.integrated()
            #expect(checkpoint.size == 300)
            let verifier = t.ledger.log.verifier

            let overHTTP = try await t.serving { base in
                try await Auditor(source: HTTPTileSource(prefix: base + "/ledger"), verifier: verifier).run()
            }
            #expect(overHTTP.entries == 300)
            #expect(overHTTP.bundlesChecked == 2)

            let mirror = FileManager.default.temporaryDirectory.appendingPathComponent("siteledger-mirror-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: mirror) }
            _ = try await SiteLedgerRuntime.exportLedger(to: mirror, from: t.app)
            let fromDisk = try await Auditor(source: DirectoryTileSource(root: mirror), verifier: verifier).run()
            #expect(fromDisk.checkpoint.root == checkpoint.root)

            for (path, offset) in [("tile/0/000", 100), ("tile/0/001.p/44", 5), ("tile/entries/000", 40), ("tile/entries/001.p/44", 30), ("checkpoint", 3)] {
                let copy = try tamperedCopy(of: mirror, flipping: path, at: offset)
                defer { try? FileManager.default.removeItem(at: copy) }
                await #expect { try await Auditor(source: DirectoryTileSource(root: copy), verifier: verifier).run() } throws: { error in
                    (error as? AuditFailure)?.path == path
                }
            }
        }
    }

    @Test func ledgerCheckFindsRowsChangedBehindThePlatformsBack() async throws {
        try await TestApp.run(demo: true) { t in
            try await t.integrated()
            #expect(try await SiteLedgerRuntime.checkLedger(t.app).clean)

            try await t.sql("UPDATE projects SET name = 'Renamed' WHERE code = \(bind: Fixtures.njProjectCode)")
            try await t.sql("UPDATE changes SET summary = 'x', record = record || ' ' WHERE kind = 'organization.created' AND subject_label = (SELECT MIN(subject_label) FROM changes WHERE kind = 'organization.created')")
            let (lines, clean) = try await SiteLedgerRuntime.checkLedger(t.app)
            #expect(!clean)
            #expect(lines.contains { $0.contains("project \(Fixtures.njProjectCode)") && $0.hasSuffix("differs from the logged record in: name") })
            #expect(lines.contains { $0.contains("organization") && $0.contains("no longer hashes") })
        }
    }

    @Test func personalDataIsCommittedAndErasingTheSaltKeepsTheLogValid() async throws {
        try await TestApp.run(demo: true) { t in
            let admin = try await t.login("admin", Fixtures.adminPassword)
            let organization = try #require(try await Organization.query(on: t.db).first()).requireID()
            let created = try await t.send(.POST, "/api/v1/users", token: admin, json: """
                {"username":"zhang.san","displayName":"张三丰","role":"staff","organizationId":"\(organization)","password":"correct horse battery"}
                """)
            #expect(created.status == .created, "\(created.body.string)")
            let index = try created.json()["evidence"]["index"].int
            let change = try #require(try await ChangeRecord.query(on: t.db).filter(\.$kind == "user.created").sort(\.$recordedAt, .descending).first())
            #expect(!change.record.contains("张三丰"))
            let entry = try await t.send(.GET, "/api/v1/ledger/entries/\(index)").body.string
            #expect(!entry.contains("张三丰"))

            let record = try #require(try JSONSerialization.jsonObject(with: Data(change.record.utf8)) as? [String: Any])
            let commitment = try #require((record["displayName"] as? [String: String])?["commitment"])
            let salt = try #require(try await (t.db as! any SQLDatabase).raw("SELECT salt FROM ledger_salts WHERE change_id = \(bind: change.requireID())").first()).decode(column: "salt", as: Data.self)
            #expect(SHA256.hash(data: salt + Data(#""张三丰""#.utf8)).hexDigits == commitment)

            try await t.sql("DELETE FROM ledger_salts WHERE change_id = \(bind: change.requireID())")
            try await t.sql("UPDATE users SET display_name = '' WHERE username = 'zhang.san'")
            try await t.integrated()
            #expect(try await SiteLedgerRuntime.checkLedger(t.app).clean)
        }
    }

    @Test func consistencyProofsConnectCheckpoints() async throws {
        try await TestApp.run(demo: true) { t in
            let old = try await t.integrated()
            let owner = try await t.login("owner")
            for n in 0..<5 { try await t.registerBuilding("K\(n)", token: owner) }
            let new = try await t.integrated()
            let response = try await t.send(.GET, "/api/v1/ledger/consistency?from=\(old.size)&to=\(new.size)").json()
            let proof = try response["proof"].array.map { try #require(Hash(base64: try $0.string)) }
            try Proofs.verifyConsistency(oldSize: old.size, newSize: new.size, oldRoot: old.root, newRoot: new.root, proof: proof)
        }
    }

    @Test func tilesAreServedWithTheirCachingAndNothingBeyondTheTree() async throws {
        try await TestApp.run(demo: true) { t in
            let checkpoint = try await t.integrated()
            let size = checkpoint.size
            let served = try await t.send(.GET, "/ledger/checkpoint")
            #expect(served.body.string == checkpoint.note)
            #expect(served.headers.contentType?.description.hasPrefix("text/plain") == true)
            let tile = try await t.send(.GET, "/ledger/tile/0/000.p/\(size)")
            #expect(tile.status == .ok)
            #expect(tile.body.readableBytes == Int(size) * 32)
            #expect(tile.headers.first(name: .contentType) == "application/octet-stream")
            let bundle = try await t.send(.GET, "/ledger/tile/entries/000.p/\(size)")
            #expect(try EntryBundle.decode(Array(bundle.body.readableBytesView)).count == Int(size))
            for beyond in ["/ledger/tile/0/000.p/\(size + 1)", "/ledger/tile/0/000", "/ledger/tile/1/000.p/1", "/ledger/tile/entries/001.p/1", "/ledger/tile/0/x001/000"] {
                #expect(try await t.send(.GET, beyond).status == .notFound, "\(beyond)")
            }
        }
    }

    @Test func fullTilesAreImmutable() async throws {
        try await TestApp.run(demo: true) { t in
            let owner = try await t.login("owner")
            let demoSize = try await t.ledger.store.committedSize()
            for n in 0..<(257 - Int(demoSize)) { try await t.registerBuilding("T\(n)", token: owner) }
            try await t.integrated()
            let full = try await t.send(.GET, "/ledger/tile/0/000")
            #expect(full.status == .ok)
            #expect(full.headers.first(name: .cacheControl)?.contains("immutable") == true)
            #expect(try await t.send(.GET, "/ledger/tile/1/000.p/1").body.readableBytes == 32)
        }
    }

    @Test func malformedOrOutOfRangeRequestsGetClearErrors() async throws {
        try await TestApp.run(demo: true) { t in
            let size = try await t.integrated().size
            let cases: [(String, HTTPStatus, String?)] = [
                ("/api/v1/ledger/entries/abc", .unprocessableEntity, "index"),
                ("/api/v1/ledger/entries/-1", .unprocessableEntity, "index"),
                ("/api/v1/ledger/entries/99999999999999999999", .unprocessableEntity, "index"),
                ("/api/v1/ledger/entries/\(size + 10)", .notFound, nil),
                ("/api/v1/ledger/entries/\(size + 10)/receipt", .notFound, nil),
                ("/api/v1/ledger/consistency", .unprocessableEntity, "from"),
                ("/api/v1/ledger/consistency?from=1", .unprocessableEntity, "to"),
                ("/api/v1/ledger/consistency?from=x&to=2", .unprocessableEntity, "from"),
                ("/api/v1/ledger/consistency?from=5&to=3", .unprocessableEntity, "from"),
                ("/api/v1/ledger/consistency?from=1&to=\(size + 1)", .notFound, nil),
                ("/api/v1/ledger/entries?subject=x", .unauthorized, nil),
            ]
            for (path, status, field) in cases {
                let response = try await t.send(.GET, path)
                #expect(response.status == status, "\(path): \(response.body.string)")
                if let field { #expect(try response.error().field == field, "\(path)") }
            }
            for path in ["0/0001", "x/000", "0/000.p/0", "0/000.p/256", "0/x000/001", "entries/000.p/", "0/000.p/5/6", "64/000"] {
                let response = try await t.send(.GET, "/ledger/tile/\(path)", headers: ["Accept": "application/json"])
                #expect(response.status == .badRequest, "\(path): \(response.status)")
            }
            let token = try await t.login("owner")
            #expect(try await t.send(.GET, "/api/v1/ledger/entries", token: token).error().field == "subject")
            let found = try await t.send(.GET, "/api/v1/ledger/entries?subject=\(Fixtures.njProjectCode)", token: token).json().array
            #expect(!found.isEmpty)
            let outsider = try await t.login("dg-regulator")
            #expect(try await t.send(.GET, "/api/v1/ledger/entries?subject=\(Fixtures.njProjectCode)", token: outsider).json().array.isEmpty)
        }
    }

    /// Who sees the record behind an entry: the same people who may read its subject.
    @Test func recordsShowOnlyToThoseWhoMayReadTheirSubject() async throws {
        try await TestApp.run(demo: true) { t in
            let roles = ["admin", "js-regulator", "nj-regulator", "nj-inspector", "dg-regulator", "owner", "contractor", "contractor-staff", "supervisor", "vendor", "testing"]
            let cases: [(kind: String, label: String, sees: [Bool])] = [
                ("project.registered", Fixtures.njProjectCode, [false, true, true, true, false, true, true, true, true, true, false]),
                ("user.created", "contractor-staff", [true, false, false, false, false, false, true, false, false, false, false]),
                ("organization.created", DemoWorld.creditCode(region: "320102", serial: "gc-js"), [true, true, true, true, true, true, true, true, true, true, true]),
            ]
            for (kind, label, sees) in cases {
                let change = try #require(try await ChangeRecord.query(on: t.db).filter(\.$kind == kind).filter(\.$subjectLabel == label).first(), "\(kind) \(label)")
                let index = try #require(try await t.ledger.store.index(of: change.requireID()))
                for (role, expected) in zip(roles, sees) {
                    let token = try await t.login(role, role == "admin" ? Fixtures.adminPassword : Fixtures.demoPassword)
                    let entry = try await t.send(.GET, "/api/v1/ledger/entries/\(index)", token: token).json()
                    #expect(!entry["record"].isNull == expected, "\(role) reading \(kind) \(label)")
                }
            }
        }
    }
}
