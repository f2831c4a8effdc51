import Foundation
import NIOConcurrencyHelpers
import SiteLedgerCore

/// The log as readers see it: checkpoints, tiles, entry bundles and proofs, never beyond
/// the latest signed checkpoint. A tile of a given width never changes — a partial one is a
/// prefix of what it grows into — so every tile read is kept in memory.
struct LedgerLog: Sendable {
    let store: LedgerStore
    let verifier: NoteVerifier
    private let tiles = NIOLockedValueBox<[Tile: Data]>([:])
    private static let cachedTiles = 8_192

    init(store: LedgerStore, verifier: NoteVerifier) {
        self.store = store
        self.verifier = verifier
    }

    func checkpoint() async throws -> StoredCheckpoint? {
        try await store.latestCheckpoint()
    }

    /// The bytes of `tile` (hash tile or entry bundle) if the latest checkpoint covers it.
    func contents(of tile: Tile) async throws -> Data? {
        guard let size = try await checkpoint()?.size else { return nil }
        return try await contents(of: tile, size: size)
    }

    /// The bytes of `tile` if a log of `size` entries has it.
    func contents(of tile: Tile, size: UInt64) async throws -> Data? {
        guard Self.covers(size, tile) else { return nil }
        return try await read(tile)
    }

    private func read(_ tile: Tile) async throws -> Data? {
        if let cached = tiles.withLockedValue({ $0[tile] }) { return cached }
        let data = try await load(tile)
        if let data { remember(tile, data) }
        return data
    }

    private func load(_ tile: Tile) async throws -> Data? {
        if tile.level == Tile.entriesLevel {
            let start = tile.index * UInt64(Tile.width)
            let rows = try await store.entries(start..<start + UInt64(tile.width))
            guard rows.count == tile.width else { return nil }
            return Data(try EntryBundle.encode(rows.map { [UInt8]($0.entry) }))
        } else {
            return try await store.tile(TileKey(level: tile.level, index: tile.index)).flatMap { $0.count >= tile.width * 32 ? Data($0.prefix(tile.width * 32)) : nil }
        }
    }

    private func remember(_ tile: Tile, _ data: Data) {
        tiles.withLockedValue { tiles in
            if tiles.count >= Self.cachedTiles { tiles.removeAll(keepingCapacity: true) }
            tiles[tile] = data
        }
    }

    /// Whether a log of `size` entries has `tile`: the tile's last hash or entry exists.
    static func covers(_ size: UInt64, _ tile: Tile) -> Bool {
        let count = tile.level == Tile.entriesLevel ? size : size >> UInt64(Tile.height * tile.level)
        let (end, overflow) = tile.index.multipliedReportingOverflow(by: UInt64(Tile.width))
        return !overflow && end + UInt64(tile.width) <= count
    }

    /// The hash data of tile `key` as of a tree of `size`, through the tile cache.
    func hashTile(_ key: TileKey, size: UInt64) async throws -> Data? {
        let count = size >> UInt64(Tile.height * key.level)
        let width = Int(min(UInt64(Tile.width), count - min(count, key.index * UInt64(Tile.width))))
        guard width > 0 else { return nil }
        return try await read(Tile(level: key.level, index: key.index, width: width))
    }

    /// A `.tlog-proof` for entry `index` against the first checkpoint that includes it,
    /// waiting up to `wait` for the integrator; nil when the entry does not exist or is not
    /// yet integrated by then.
    func receipt(for index: UInt64, wait: Duration) async throws -> Receipt? {
        guard let entry = try await store.entries(index..<index + 1).first?.entry else { return nil }
        let deadline = ContinuousClock.now + wait
        var checkpoint = try await self.checkpoint()
        while (checkpoint?.size ?? 0) <= index {
            guard ContinuousClock.now < deadline else { return nil }
            try await Task.sleep(for: .milliseconds(50))
            checkpoint = try await self.checkpoint()
        }
        guard let checkpoint else { return nil }
        let proof = try await TileHashes.assemble(try Proofs.inclusion(index: index, size: checkpoint.size), size: checkpoint.size) {
            try await hashTile($0, size: checkpoint.size)
        }
        return Receipt(extra: Merkle.leafHash(entry).bytes, index: index, proof: proof, checkpoint: checkpoint.note)
    }

    /// RFC 9162 consistency proof between two sizes the latest checkpoint covers.
    func consistency(from old: UInt64, to new: UInt64) async throws -> [Hash] {
        try await TileHashes.assemble(try Proofs.consistency(from: old, to: new), size: new) { try await hashTile($0, size: new) }
    }
}
