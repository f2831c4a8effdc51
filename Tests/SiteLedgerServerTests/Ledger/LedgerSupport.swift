import Foundation
import Testing
import Vapor
import Fluent
import SQLKit
import SiteLedgerCore
@testable import SiteLedgerServer

extension TestApp {
    var ledger: Ledger { app.siteLedger.ledger }

    var njProjectID: UUID {
        get async throws { try #require(try await Project.query(on: db).filter(\.$code == Fixtures.njProjectCode).first()).requireID() }
    }

    /// Registers a building through the API as the Nanjing project's owner; answers the evidence.
    @discardableResult
    func registerBuilding(_ number: String, token: String) async throws -> (index: UInt64, leafHash: String) {
        let created = try await send(.POST, "/api/v1/projects/\(njProjectID)/buildings", token: token,
                                     json: #"{"number":"\#(number)","name":"\#(number) 楼","floorsAbove":6}"#)
        #expect(created.status == .created, "\(created.body.string)")
        let evidence = try created.json()["evidence"]
        return (UInt64(try evidence["index"].int), try evidence["leafHash"].string)
    }

    /// Waits until a signed checkpoint covers every committed entry.
    @discardableResult
    func integrated() async throws -> StoredCheckpoint {
        let size = try await ledger.store.committedSize()
        // Generous: on two cores beside the other suites, and the hypervisor's share taken,
        // integration can lag by tens of seconds.
        let deadline = ContinuousClock.now + .seconds(120)
        while ContinuousClock.now < deadline {
            if let checkpoint = try await ledger.log.checkpoint(), checkpoint.size >= size { return checkpoint }
            try await Task.sleep(for: .milliseconds(25))
        }
        throw LedgerFault("no checkpoint covered \(size) entries within 120 s")
    }

    func sql(_ query: SQLQueryString) async throws {
        try await (db as! any SQLDatabase).raw(query).run()
    }

    /// Runs `body` with the application serving real HTTP on a loopback port.
    func serving<T>(_ body: (String) async throws -> T) async throws -> T {
        try await app.server.start(address: .hostname("127.0.0.1", port: 0))
        let port = try #require(app.http.server.shared.localAddress?.port)
        do {
            let result = try await body("http://127.0.0.1:\(port)")
            await app.server.shutdown()
            return result
        } catch {
            await app.server.shutdown()
            throw error
        }
    }
}

/// A copy of a tlog-tiles directory with one byte flipped in one file.
func tamperedCopy(of directory: URL, flipping path: String, at offset: Int) throws -> URL {
    let copy = FileManager.default.temporaryDirectory.appendingPathComponent("siteledger-tamper-\(UUID().uuidString)")
    try FileManager.default.copyItem(at: directory, to: copy)
    let file = copy.appendingPathComponent(path)
    var data = try Data(contentsOf: file)
    data[data.startIndex + offset] ^= 0x01
    try data.write(to: file)
    return copy
}
