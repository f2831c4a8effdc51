import SiteLedgerCore
import Testing

@Suite("tlog-tiles")
struct TileTests {
    @Test(arguments: [
        (Tile(level: 0, index: 1_234_067, width: 256), "tile/0/x001/x234/067"),
        (Tile(level: 0, index: 0, width: 256), "tile/0/000"),
        (Tile(level: 1, index: 0, width: 5), "tile/1/000.p/5"),
        (Tile(level: Tile.entriesLevel, index: 1234, width: 17), "tile/entries/x001/234.p/17"),
        (Tile(level: Tile.entriesLevel, index: 999, width: 256), "tile/entries/999"),
        (Tile(level: 2, index: 1000, width: 255), "tile/2/x001/000.p/255"),
        (Tile(level: 63, index: 7, width: 1), "tile/63/007.p/1"),
        (Tile(level: 3, index: .max, width: 256), "tile/3/x018/x446/x744/x073/x709/x551/615"),
    ])
    func pathsRoundTrip(tile: Tile, path: String) throws {
        #expect(tile.path == path)
        #expect(try Tile(path: path) == tile)
    }

    @Test(arguments: [
        "", "tile", "tile/0", "/tile/0/000", "tile/0/000/", "tiles/0/000", "tile//000",
        "tile/00/000", "tile/01/000", "tile/64/000", "tile/-1/000", "tile/+1/000", "tile/data/000",
        "tile/0/0", "tile/0/0000", "tile/0/x000/001", "tile/0/001/002", "tile/0/x1/002", "tile/0/xx01/002",
        "tile/0/000.p/0", "tile/0/000.p/256", "tile/0/000.p/05", "tile/0/000.p/", "tile/0/000.p",
        "tile/0/000.p/5/", "tile/0/000.q/5", "tile/0/000.p/+5", "tile/0/x001.p/5", "tile/0/ab1",
        "tile/0/x018/x446/x744/x073/x709/x551/616", "tile/0/x999/x999/x999/x999/x999/x999/x999/999",
        "tile/entries/000.p/256", "tile/ENTRIES/000", "tile/0/１２３",
    ])
    func malformedPathsAreRejected(path: String) {
        #expect(throws: TileError.self) { try Tile(path: path) }
    }

    @Test func tilesOfATree_followTheSpec() {
        #expect(Tile.hashTiles(forSize: 0) == [])
        #expect(Tile.entryBundles(forSize: 0) == [])
        #expect(Tile.hashTiles(forSize: 1) == [Tile(level: 0, index: 0, width: 1)])
        #expect(Tile.entryBundles(forSize: 1) == [Tile(level: -1, index: 0, width: 1)])
        #expect(Tile.hashTiles(forSize: 255) == [Tile(level: 0, index: 0, width: 255)])
        // "a tree of size 256 will be represented by a full level 0 tile and a partial level
        // 1 tile of width 1"
        #expect(Tile.hashTiles(forSize: 256) == [Tile(level: 0, index: 0, width: 256), Tile(level: 1, index: 0, width: 1)])
        #expect(Tile.entryBundles(forSize: 256) == [Tile(level: -1, index: 0, width: 256)])
        #expect(Tile.hashTiles(forSize: 257) == [
            Tile(level: 0, index: 0, width: 256), Tile(level: 0, index: 1, width: 1), Tile(level: 1, index: 0, width: 1),
        ])
        #expect(Tile.entryBundles(forSize: 257) == [Tile(level: -1, index: 0, width: 256), Tile(level: -1, index: 1, width: 1)])

        let tiles65536 = Tile.hashTiles(forSize: 65536)
        #expect(tiles65536.count == 256 + 1 + 1)
        let level0 = tiles65536.filter { $0.level == 0 }
        #expect(level0.count == 256 && level0.allSatisfy { $0.isFull })
        #expect(tiles65536.filter { $0.level == 1 } == [Tile(level: 1, index: 0, width: 256)])
        #expect(tiles65536.filter { $0.level == 2 } == [Tile(level: 2, index: 0, width: 1)])

        let tiles65537 = Tile.hashTiles(forSize: 65537)
        #expect(tiles65537.count == 256 + 1 + 1 + 1)
        #expect(tiles65537.filter { $0.level == 0 }.last == Tile(level: 0, index: 256, width: 1))
        #expect(Tile.entryBundles(forSize: 65537).count == 257)

        // The spec's example: "a tree of size 70,000 will be represented by 273 full level 0
        // tiles, one partial level 0 tile of width 112, one full level 1 tile, one partial
        // level 1 tile of width 17, and one partial level 2 tile of width 1."
        let tiles = Tile.hashTiles(forSize: 70_000)
        #expect(tiles.filter { $0.level == 0 && $0.isFull }.count == 273)
        #expect(tiles.filter { $0.level == 0 && !$0.isFull } == [Tile(level: 0, index: 273, width: 112)])
        #expect(tiles.filter { $0.level == 1 } == [Tile(level: 1, index: 0, width: 256), Tile(level: 1, index: 1, width: 17)])
        #expect(tiles.filter { $0.level == 2 } == [Tile(level: 2, index: 0, width: 1)])
        #expect(tiles.count == 273 + 1 + 2 + 1)

        let big = Tile.hashTiles(forSize: 1 << 24 + 3)
        #expect(big.filter { $0.level == 3 } == [Tile(level: 3, index: 0, width: 1)])
        #expect(big.filter { $0.level == 0 }.count == 65537)
    }

    @Test func locateAndNodeHash_giveEveryPerfectSubtreeOfA70000LeafTree() throws {
        let size = 70_000
        let leaves = syntheticLeaves(size)
        let levels = perfectLevels(leaves)
        let store = TileStore(leaves: leaves)
        var generator = SplitMix64(seed: 42)
        var checked = 0
        for level in 0..<levels.count {
            let row = levels[level]
            let indices = row.count <= 40 ? Array(0..<row.count) : (0..<40).map { _ in Int(generator.next() % UInt64(row.count)) } + [row.count - 1]
            for index in indices {
                let node = NodeID(level: level, index: UInt64(index))
                let (tile, offset, count) = Tile.locate(node, size: UInt64(size))
                #expect(tile.level == level / 8)
                #expect(count == 1 << (level % 8))
                #expect(tile.width == Tile.width || UInt64(size) >> UInt64(8 * tile.level) & 0xFF == UInt64(tile.width))
                #expect(offset + count <= tile.width)
                let data = try #require(store.data(tile))
                let hash = try Tile.nodeHash(node, tileData: data, offset: offset, count: count)
                #expect(hash == row[index], "node \(node)")
                if level <= 12 || index == 0 {
                    let first = Int(node.firstLeaf)
                    #expect(hash == Merkle.root(of: leaves[first..<first + (1 << level)]))
                }
                checked += 1
            }
        }
        #expect(checked > 300)
    }

    @Test func nodeHash_checksItsArguments() throws {
        let leaves = syntheticLeaves(256)
        let data = Tile.data(of: leaves)
        let node = NodeID(level: 3, index: 5)
        let hash = try Tile.nodeHash(node, tileData: data, offset: 40, count: 8)
        #expect(hash == Merkle.root(of: leaves[40..<48]))
        #expect(throws: TileError.self) { try Tile.nodeHash(node, tileData: data, offset: 40, count: 4) }
        #expect(throws: TileError.self) { try Tile.nodeHash(node, tileData: data, offset: 32, count: 8) }
        #expect(throws: TileError.self) { try Tile.nodeHash(node, tileData: data.prefix(47 * 32), offset: 40, count: 8) }
        #expect(try Tile.hashes(in: data) == leaves)
        #expect(throws: TileError.self) { try Tile.hashes(in: data.dropLast()) }
    }

    @Test func proofsFromTiles_equalProofsComputedDirectly() throws {
        let leaves = syntheticLeaves(70_000)
        let levels = perfectLevels(leaves)
        let direct = perfectHashes(levels)
        let store = TileStore(leaves: leaves)
        var generator = SplitMix64(seed: 7)
        for round in 0..<200 {
            let size = round < 10 ? UInt64([1, 2, 255, 256, 257, 65535, 65536, 65537, 69_999, 70_000][round]) : 1 + generator.next() % 70_000
            let index = generator.next() % size
            let old = generator.next() % (size + 1)
            for plan in [try Proofs.inclusion(index: index, size: size), try Proofs.consistency(from: old, to: size), Proofs.root(size: size)] {
                let fromTiles = try plan.assemble { node in
                    let (tile, offset, count) = Tile.locate(node, size: size)
                    // The store has the tiles of size 70,000: a wider tile of the same index.
                    return try Tile.nodeHash(node, tileData: store.data(tile)!, offset: offset, count: count)
                }
                #expect(fromTiles == (try plan.assemble(direct)))
            }
            let proof = try Proofs.inclusion(index: index, size: size).assemble(direct)
            let root = try Proofs.root(size: size).assemble(direct)[0]
            try Proofs.verifyInclusion(leafHash: leaves[Int(index)], index: index, size: size, proof: proof, root: root)
            if size <= 4096 {
                #expect(root == Merkle.root(of: leaves.prefix(Int(size))))
            }
        }
    }

    @Test func entryBundles_roundTrip() throws {
        let entries: [[UInt8]] = [[], [1], Array("hello".utf8), [UInt8](repeating: 7, count: 300), [UInt8](repeating: 9, count: EntryBundle.maxEntrySize)]
        let data = try EntryBundle.encode(entries)
        #expect(data.count == entries.reduce(0) { $0 + 2 + $1.count })
        #expect(Array(data.prefix(5)) == [0, 0, 0, 1, 1])
        #expect(try EntryBundle.decode(data) == entries)
        #expect(try EntryBundle.decode(data[...]) == entries)
        #expect(try EntryBundle.decode([UInt8]()) == [])
        #expect(try EntryBundle.encode([]) == [])
    }

    @Test func entryBundles_refuseOversizeEntriesAndTruncation() throws {
        #expect(throws: TileError.self) { try EntryBundle.encode([[UInt8](repeating: 0, count: EntryBundle.maxEntrySize + 1)]) }
        let data = try EntryBundle.encode([Array("abc".utf8), Array("defg".utf8)])
        for cut in 1..<data.count where cut != 5 {
            #expect(throws: TileError.self, "cut at \(cut)") { try EntryBundle.decode(data.prefix(cut)) }
        }
        #expect(try EntryBundle.decode(data.prefix(5)) == [Array("abc".utf8)])
        #expect(throws: TileError.self) { try EntryBundle.decode([0x01, 0x00, 0x41]) }
    }
}

/// The tiles of a tree, built from leaf hashes (the widest version of each tile).
struct TileStore {
    var tiles: [String: [UInt8]] = [:]

    init(leaves: [Hash]) {
        var level = 0
        var hashes = leaves
        while !hashes.isEmpty {
            for start in stride(from: 0, to: hashes.count, by: 256) {
                let slice = hashes[start..<min(start + 256, hashes.count)]
                tiles["\(level)/\(start / 256)"] = Tile.data(of: slice)
            }
            hashes = stride(from: 0, to: hashes.count - 255, by: 256).map { Merkle.root(of: hashes[$0..<$0 + 256]) }
            level += 1
        }
    }

    /// The stored data of the tile, if at least as wide as asked.
    func data(_ tile: Tile) -> [UInt8]? {
        guard let data = tiles["\(tile.level)/\(tile.index)"], data.count >= tile.width * 32 else { return nil }
        return data
    }
}

/// A small deterministic generator for reproducible "random" cases.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
