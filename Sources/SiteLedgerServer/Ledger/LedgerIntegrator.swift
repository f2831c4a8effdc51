import Foundation
import Fluent
import Logging
import SiteLedgerCore

/// Keeps the tiles up to date and signs checkpoints. Each step reads the entries committed
/// since the last checkpoint, hashes them into tiles, proves the new tree consistent with
/// the last checkpoint, and stores the changed tiles with the new signed checkpoint in one
/// transaction — persisted before anyone can fetch it. After a restart it reloads the edge
/// from the stored tiles and checks it against the stored root before signing anything.
actor LedgerIntegrator {
    let store: LedgerStore
    let signer: NoteSigner
    let logger: Logger
    private var edge: TileEdge?

    init(store: LedgerStore, signer: NoteSigner, logger: Logger) {
        self.store = store
        self.signer = signer
        self.logger = logger
    }

    private struct Outcome: Sendable {
        let edge: TileEdge
        let checkpoint: StoredCheckpoint?
    }

    /// One step: integrates every committed entry and signs a checkpoint for them. Answers
    /// nil when there was nothing new, or another process holds the integration lock.
    @discardableResult
    func integrate() async throws -> StoredCheckpoint? {
        let (store, signer, known) = (self.store, self.signer, self.edge)
        do {
            let outcome = try await store.exclusively { db in
                try await Self.step(from: known, store: store, signer: signer, on: db)
            }
            edge = outcome?.edge
            return outcome?.checkpoint
        } catch {
            edge = nil
            throw error
        }
    }

    /// Integrates at most once per `interval` until the task is cancelled.
    func run(every interval: Duration) async {
        while !Task.isCancelled {
            do {
                try await integrate()
            } catch {
                logger.error("ledger integration failed", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: interval)
        }
    }

    private static func step(from known: TileEdge?, store: LedgerStore, signer: NoteSigner, on db: any Database) async throws -> Outcome {
        let latest = try await store.latestCheckpoint(on: db)
        var edge = try await edge(known, at: latest, store: store, verifier: signer.verifier, on: db)
        let target = try await store.committedSize(on: db)
        guard target > edge.size || latest == nil else { return Outcome(edge: edge, checkpoint: nil) }
        while edge.size < target {
            for row in try await store.entries(edge.size..<min(target, edge.size + 16_384), on: db) {
                guard row.index == edge.size else { throw LedgerFault("entry \(edge.size) is missing from the log") }
                edge.append(Merkle.leafHash(row.entry))
            }
        }
        let tiles = edge.takeChanged()
        let read: (TileKey) async throws -> Data? = { key in
            if let fresh = tiles[key] { return fresh }
            return try await store.tile(key, on: db)
        }
        let root = try await TileHashes.assemble(Proofs.root(size: edge.size), size: edge.size, tile: read)[0]
        if let latest {
            let proof = try await TileHashes.assemble(try Proofs.consistency(from: latest.size, to: edge.size), size: edge.size, tile: read)
            try Proofs.verifyConsistency(oldSize: latest.size, newSize: edge.size, oldRoot: latest.root, newRoot: root, proof: proof)
        }
        let text = Checkpoint(origin: signer.name, size: edge.size, root: root).text
        let checkpoint = StoredCheckpoint(size: edge.size, root: root, note: try Note.sign(text: text, with: [signer]))
        try await store.commit(tiles: tiles, checkpoint: checkpoint, signedAt: Date(), within: db)
        return Outcome(edge: edge, checkpoint: checkpoint)
    }

    /// The edge at the latest checkpoint: the one in memory when it is current, otherwise
    /// read from the stored tiles and checked against the checkpoint's root.
    private static func edge(_ known: TileEdge?, at latest: StoredCheckpoint?, store: LedgerStore, verifier: NoteVerifier, on db: any Database) async throws -> TileEdge {
        guard let latest else { return TileEdge(size: 0, partial: []) }
        if let known, known.size == latest.size { return known }
        do {
            _ = try Checkpoint.open(latest.note, verifier: verifier)
        } catch {
            throw LedgerFault("checkpoint \(latest.size) does not verify with this server's key \(verifier.verifierKey) (\(error)); refusing to sign with a different key")
        }
        var partial: [[Hash]] = []
        var level = 0
        while latest.size >> UInt64(Tile.height * level) > 0 {
            let count = latest.size >> UInt64(Tile.height * level)
            let width = Int(count % UInt64(Tile.width))
            let key = TileKey(level: level, index: count / UInt64(Tile.width))
            if width == 0 {
                partial.append([])
            } else if let data = try await store.tile(key, on: db) {
                partial.append(try TileEdge.hashes(data, count: width))
            } else {
                throw LedgerFault("tile \(level)/\(key.index) of checkpoint \(latest.size) is missing")
            }
            level += 1
        }
        let root = try await TileHashes.assemble(Proofs.root(size: latest.size), size: latest.size) { try await store.tile($0, on: db) }[0]
        guard root == latest.root else { throw LedgerFault("the stored tiles do not reproduce the root of checkpoint \(latest.size)") }
        return TileEdge(size: latest.size, partial: partial)
    }
}
