/// A C2SP tlog-tiles tile: 256 consecutive Merkle tree hashes at one level (tile height 8),
/// or, at `Tile.entriesLevel`, the bundle of the 256 entries under a level-0 tile.
///
/// The hashes of tile `index` at level `level` are the roots of the perfect subtrees at tree
/// height `8 * level` with indices `index * 256 ..< index * 256 + width`.
public struct Tile: Hashable, Sendable, CustomStringConvertible {
    /// Tree levels per tile.
    public static let height = 8
    /// Hashes (or entries) in a full tile.
    public static let width = 256
    /// The level of entry bundles (`tile/entries/...`).
    public static let entriesLevel = -1

    public let level: Int
    public let index: UInt64
    /// 1...256; 256 is a full tile.
    public let width: Int

    public init(level: Int, index: UInt64, width: Int) {
        precondition((Tile.entriesLevel...63).contains(level), "a tile level is -1 (entries) or 0...63")
        precondition((1...Tile.width).contains(width), "a tile is 1...256 wide")
        self.level = level
        self.index = index
        self.width = width
    }

    public var isFull: Bool { width == Tile.width }

    public var isEntryBundle: Bool { level == Tile.entriesLevel }

    /// The same tile, full.
    public var full: Tile { Tile(level: level, index: index, width: Tile.width) }

    public var description: String { path }

    /// All hash tiles of a tree of `size`, level by level from level 0, left to right: the
    /// full tiles and, where `floor(size / 256^level) mod 256` is not 0, the partial one.
    public static func hashTiles(forSize size: UInt64) -> [Tile] {
        var tiles: [Tile] = []
        var level = 0
        while level < 8, size >> UInt64(8 * level) != 0 {
            tiles += tilesAt(level: level, size: size)
            level += 1
        }
        return tiles
    }

    /// The entry bundles of a log of `size` entries.
    public static func entryBundles(forSize size: UInt64) -> [Tile] {
        tilesAt(level: entriesLevel, size: size)
    }

    /// The tiles at one level (`entriesLevel` counts as level 0).
    static func tilesAt(level: Int, size: UInt64) -> [Tile] {
        let hashLevel = max(level, 0)
        let count = size >> UInt64(8 * hashLevel)
        let fullTiles = count >> 8
        let partialWidth = Int(count & 0xFF)
        var tiles: [Tile] = []
        tiles.reserveCapacity(Int(fullTiles) + 1)
        for index in 0..<fullTiles {
            tiles.append(Tile(level: level, index: index, width: Tile.width))
        }
        if partialWidth != 0 {
            tiles.append(Tile(level: level, index: fullTiles, width: partialWidth))
        }
        return tiles
    }

    /// The width of hash tile `index` at `level` in a tree of `size`, or nil if the tree does
    /// not have it.
    static func width(level: Int, index: UInt64, size: UInt64) -> Int? {
        let count = size >> UInt64(8 * max(level, 0))
        if index < count >> 8 { return Tile.width }
        if index == count >> 8, count & 0xFF != 0 { return Int(count & 0xFF) }
        return nil
    }

    /// The tile of a tree of `size` (with that size's partial width) holding what `node`'s
    /// hash is made of: a node at height h lives in tile level h / 8 as 2^(h % 8) consecutive
    /// hashes from `offset`, which `nodeHash(_:tileData:offset:count:)` folds.
    ///
    /// `node` should be complete in the tree of `size`; if it is not, the width returned is
    /// the one a tree just big enough for it would have.
    public static func locate(_ node: NodeID, size: UInt64) -> (tile: Tile, offset: Int, count: Int) {
        let tileLevel = node.level / height
        let heightInTile = node.level % height
        let first = node.index << UInt64(heightInTile)
        let index = first >> 8
        let offset = Int(first & 0xFF)
        let count = 1 << heightInTile
        let available = Tile.width(level: tileLevel, index: index, size: size) ?? 0
        let width = min(Tile.width, max(available, offset + count))
        return (Tile(level: tileLevel, index: index, width: width), offset, count)
    }

    /// The hash of `node` from the data of the tile `locate` named: `count` hashes from
    /// `offset`, folded into one. Wider data (a full tile for a partial one) works too.
    public static func nodeHash(_ node: NodeID, tileData: some Collection<UInt8>, offset: Int, count: Int) throws -> Hash {
        let heightInTile = node.level % height
        guard count == 1 << heightInTile else {
            throw TileError(reason: "node \(node) is made of \(1 << heightInTile) tile hashes, not \(count)")
        }
        guard offset == Int((node.index << UInt64(heightInTile)) & 0xFF) else {
            throw TileError(reason: "node \(node) does not start at hash \(offset) of its tile")
        }
        let needed = (offset + count) * Hash.byteCount
        guard tileData.count >= needed else {
            throw TileError(reason: "the tile has \(tileData.count) bytes; node \(node) needs \(needed)")
        }
        if let hash = tileData.withContiguousStorageIfAvailable({ fold(UnsafeRawBufferPointer($0), offset: offset, count: count) }) {
            return hash
        }
        return Array(tileData).withUnsafeBytes { fold($0, offset: offset, count: count) }
    }

    /// The root of the perfect subtree over `count` (a power of two) hashes from `offset`.
    private static func fold(_ data: UnsafeRawBufferPointer, offset: Int, count: Int) -> Hash {
        var hashes = (0..<count).map { i in
            let start = (offset + i) * Hash.byteCount
            return Hash(copying: UnsafeRawBufferPointer(rebasing: data[start..<start + Hash.byteCount]))
        }
        var width = count
        while width > 1 {
            for i in 0..<width / 2 {
                hashes[i] = Merkle.nodeHash(hashes[2 * i], hashes[2 * i + 1])
            }
            width /= 2
        }
        return hashes[0]
    }

    /// The hashes in tile data (a multiple of 32 bytes).
    public static func hashes(in tileData: some Collection<UInt8>) throws -> [Hash] {
        guard tileData.count % Hash.byteCount == 0 else {
            throw TileError(reason: "a hash tile of \(tileData.count) bytes is not a whole number of 32-byte hashes")
        }
        let bytes = Array(tileData)
        return bytes.withUnsafeBytes { raw in
            stride(from: 0, to: raw.count, by: Hash.byteCount).map {
                Hash(copying: UnsafeRawBufferPointer(rebasing: raw[$0..<$0 + Hash.byteCount]))
            }
        }
    }

    /// Tile data: the hashes concatenated.
    public static func data(of hashes: some Collection<Hash>) -> [UInt8] {
        var data: [UInt8] = []
        data.reserveCapacity(hashes.count * Hash.byteCount)
        for hash in hashes {
            hash.withUnsafeBytes { data.append(contentsOf: $0) }
        }
        return data
    }
}
