import Foundation
import SiteLedgerCore

/// Perfect-subtree hashes computed from hash tiles: about one tile per 8 levels of the tree.
enum TileHashes {
    static func read(_ nodes: [NodeID], size: UInt64, tile: (TileKey) async throws -> Data?) async throws -> [NodeID: Hash] {
        var tiles: [TileKey: Data] = [:]
        var hashes: [NodeID: Hash] = [:]
        for node in nodes {
            let place = Tile.locate(node, size: size)
            let key = TileKey(level: place.tile.level, index: place.tile.index)
            let data: Data
            if let known = tiles[key] {
                data = known
            } else {
                guard let read = try await tile(key) else { throw LedgerFault("tile \(place.tile.path) is missing") }
                tiles[key] = read
                data = read
            }
            hashes[node] = try Tile.nodeHash(node, tileData: data, offset: place.offset, count: place.count)
        }
        return hashes
    }

    static func assemble(_ plan: ProofPlan, size: UInt64, tile: (TileKey) async throws -> Data?) async throws -> [Hash] {
        try plan.assemble(try await read(plan.nodes, size: size, tile: tile))
    }
}
