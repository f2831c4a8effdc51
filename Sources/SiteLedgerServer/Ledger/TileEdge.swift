import Foundation
import SiteLedgerCore

/// The growing right edge of the tree, kept as tiles (C2SP tlog-tiles): at each level the
/// hashes of its last, partial tile. Appending leaf hashes completes tiles; a full tile's
/// root becomes the next hash one level up. A partial tile is never hashed upwards.
struct TileEdge: Sendable {
    private(set) var size: UInt64
    /// `partial[level]`: fewer than 256 hashes.
    private(set) var partial: [[Hash]]
    /// Tiles completed or changed since the last `takeChanged()`.
    private var changed: [TileKey: Data] = [:]

    init(size: UInt64, partial: [[Hash]]) {
        self.size = size
        self.partial = partial
    }

    mutating func append(_ leafHash: Hash) {
        size += 1
        var level = 0
        var hash = leafHash
        while true {
            if partial.count == level { partial.append([]) }
            partial[level].append(hash)
            guard partial[level].count == Tile.width else { return }
            let index = (size >> UInt64(Tile.height * level)) / UInt64(Tile.width) - 1
            changed[TileKey(level: level, index: index)] = Self.data(partial[level])
            hash = Merkle.root(of: partial[level])
            partial[level] = []
            level += 1
        }
    }

    /// The tiles to store: every tile completed since the last call, and the partial ones.
    mutating func takeChanged() -> [TileKey: Data] {
        for (level, hashes) in partial.enumerated() where !hashes.isEmpty {
            changed[TileKey(level: level, index: (size >> UInt64(Tile.height * level)) / UInt64(Tile.width))] = Self.data(hashes)
        }
        defer { changed = [:] }
        return changed
    }

    /// The partial tile at `key`, if that is where the edge is.
    func partialTile(_ key: TileKey) -> Data? {
        guard key.level < partial.count, !partial[key.level].isEmpty,
              key.index == (size >> UInt64(Tile.height * key.level)) / UInt64(Tile.width) else { return nil }
        return Self.data(partial[key.level])
    }

    static func data(_ hashes: [Hash]) -> Data {
        var data = Data(capacity: hashes.count * 32)
        for hash in hashes { hash.withUnsafeBytes { data.append(contentsOf: $0) } }
        return data
    }

    static func hashes(_ data: Data, count: Int) throws -> [Hash] {
        guard data.count >= count * 32 else { throw LedgerFault("a stored tile holds \(data.count / 32) hashes, \(count) expected") }
        return (0..<count).map { Hash(bytes: data[data.startIndex + $0 * 32 ..< data.startIndex + ($0 + 1) * 32])! }
    }
}
