import Foundation
import Testing
import Vapor
import Fluent
import SQLKit
import SiteLedgerCore
@testable import SiteLedgerServer

@Suite("存证 durability: restarts and several processes")
struct LedgerDurabilityTests {
    /// Every pair of consecutive stored checkpoints is proven consistent, and all verify with `verifier`.
    static func expectHistoryConsistent(_ t: TestApp, verifier: NoteVerifier) async throws -> [StoredCheckpoint] {
        let rows = try await (t.db as! any SQLDatabase).raw("SELECT size FROM ledger_checkpoints ORDER BY size").all()
        let sizes = try rows.map { UInt64(try $0.decode(column: "size", as: Int64.self)) }
        var history: [StoredCheckpoint] = []
        for size in sizes { history.append(try #require(try await t.ledger.store.checkpoint(size: size))) }
        for checkpoint in history { _ = try Checkpoint.open(checkpoint.note, verifier: verifier) }
        for (old, new) in zip(history, history.dropFirst()) {
            let proof = try await t.ledger.log.consistency(from: old.size, to: new.size)
            try Proofs.verifyConsistency(oldSize: old.size, newSize: new.size, oldRoot: old.root, newRoot: new.root, proof: proof)
        }
        return history
    }

    @Test func aRestartMidStreamNeverSignsAnInconsistentCheckpoint() async throws {
        try await TestApp.withStorage(demo: true) { settings in
            let first = try await TestApp.launch(settings)
            let verifier = first.ledger.log.verifier
            let owner = try await first.login("owner")
            for n in 0..<10 { try await first.registerBuilding("S\(n)", token: owner) }
            // A checkpoint from before the restart, so that the history spans it however slowly
            // a loaded machine integrates.
            try await first.integrated()
            let stop = ManagedAtomicFlag()
            let writer = Task {
                var n = 0
                while !stop.isSet {
                    _ = try? await first.registerBuilding("M\(n)", token: owner)
                    n += 1
                }
            }
            try await Task.sleep(for: .milliseconds(300))
            // The writes stop just before the shutdown, so the integrator is usually mid-step or
            // has entries pending; the application cannot serve requests once it is shut down.
            stop.set()
            _ = await writer.result
            try await first.app.asyncShutdown()

            var restarted = settings
            restarted.seedDemoWorld = false
            let second = try await TestApp.launch(restarted)
            do {
                #expect(second.ledger.log.verifier == verifier)
                let owner = try await second.login("owner")
                for n in 0..<10 { try await second.registerBuilding("N\(n)", token: owner) }
                let latest = try await second.integrated()
                #expect(latest.size == (try await second.ledger.store.committedSize()))
                let history = try await Self.expectHistoryConsistent(second, verifier: verifier)
                #expect(history.count >= 2)
                #expect(try await SiteLedgerRuntime.checkLedger(second.app).clean)
                try await second.app.asyncShutdown()
            } catch {
                try? await second.app.asyncShutdown()
                throw error
            }
        }
    }

    /// Advisory locks span a PostgreSQL database: a deployment in another schema integrates
    /// while this one's integration lock is held.
    @Test(.enabled(if: TestApp.postgresURL != nil, "schemas share one database on PostgreSQL only"))
    func aLogInAnotherSchemaIntegratesWhileThisOnesLockIsHeld() async throws {
        try await TestApp.withStorage { held in
            try await TestApp.withStorage(demo: true) { other in
                let locker = try await TestApp.launch(held)
                let second = try await TestApp.launch(other)
                do {
                    // Taken as the integrator takes it; its own integrator may hold it a moment.
                    var integrated: StoredCheckpoint?
                    while integrated == nil {
                        integrated = try await locker.ledger.store.exclusively { _ in try await second.integrated() }
                    }
                    #expect(integrated!.size >= 1)
                    try await second.app.asyncShutdown()
                    try await locker.app.asyncShutdown()
                } catch {
                    try? await second.app.asyncShutdown()
                    try? await locker.app.asyncShutdown()
                    throw error
                }
            }
        }
    }

    @Test(.enabled(if: TestApp.postgresURL != nil, "several processes share one database on PostgreSQL only"))
    func severalServersShareOneLogAndOneIntegratesAtATime() async throws {
        try await TestApp.withStorage(demo: true) { settings in
            let first = try await TestApp.launch(settings)
            var other = settings
            other.seedDemoWorld = false
            let second = try await TestApp.launch(other)
            do {
                let tokens = (try await first.login("owner"), try await second.login("owner"))
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for n in 0..<30 {
                        group.addTask { try await (n.isMultiple(of: 2) ? first : second).registerBuilding("P\(n)", token: n.isMultiple(of: 2) ? tokens.0 : tokens.1) }
                    }
                    try await group.waitForAll()
                }
                let latest = try await first.integrated()
                #expect(latest.size == (try await first.ledger.store.committedSize()))
                let indexes = try await first.ledger.store.entries(0..<latest.size).map(\.index)
                #expect(indexes == Array(0..<latest.size))
                _ = try await Self.expectHistoryConsistent(first, verifier: first.ledger.log.verifier)
                try await second.app.asyncShutdown()
                try await first.app.asyncShutdown()
            } catch {
                try? await second.app.asyncShutdown()
                try? await first.app.asyncShutdown()
                throw error
            }
        }
    }
}

/// A flag one task sets and another reads.
final class ManagedAtomicFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false

    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}
