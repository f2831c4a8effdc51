import Foundation
import SiteLedgerCore

/// A tiled log built in memory by the tests' own code: entries, their tiles and bundles at
/// every level, and signed checkpoints.
struct TestLog {
    let signer: NoteSigner
    let entries: [[UInt8]]
    /// `levels[l]` are the hashes tile level `l` holds: leaf hashes, then roots of full tiles.
    let levels: [[Hash]]

    init(entries: [[UInt8]], signer: NoteSigner) {
        self.signer = signer
        self.entries = entries
        var levels = [entries.map { Merkle.leafHash($0) }]
        while levels.last!.count >= 256 {
            let below = levels.last!
            levels.append(stride(from: 0, to: below.count - 255, by: 256).map { Merkle.root(of: below[$0..<$0 + 256]) })
        }
        self.levels = levels
    }

    static func entry(_ index: Int) -> [UInt8] {
        Array("{\"kind\":\"attendance.batch\",\"n\":\(index)}".utf8)
    }

    init(size: Int, name: String = "ledger.example/test") throws {
        self.init(entries: (0..<size).map(TestLog.entry), signer: try NoteSigner.generate(name: name))
    }

    var size: Int { entries.count }

    func root(size: Int) -> Hash {
        Merkle.root(of: levels[0].prefix(size))
    }

    func checkpoint(size: Int) throws -> String {
        try Note.sign(text: Checkpoint(origin: signer.name, size: UInt64(size), root: root(size: size)).text, with: [signer])
    }

    /// The files a log serves: the checkpoint for `size` (default: all entries), every full
    /// tile and bundle, and the partial ones for each size in `partialSizes` (default: `size`).
    func files(checkpointSize: Int? = nil, partialSizes: [Int]? = nil) throws -> [String: [UInt8]] {
        let checkpointSize = checkpointSize ?? size
        var files: [String: [UInt8]] = ["checkpoint": Array(try checkpoint(size: checkpointSize).utf8)]
        for partialSize in partialSizes ?? [checkpointSize] {
            for tile in Tile.hashTiles(forSize: UInt64(partialSize)) + Tile.entryBundles(forSize: UInt64(partialSize)) {
                files[tile.path] = try data(of: tile)
            }
        }
        for tile in Tile.hashTiles(forSize: UInt64(size)) + Tile.entryBundles(forSize: UInt64(size)) where tile.isFull {
            files[tile.path] = try data(of: tile)
        }
        return files
    }

    func data(of tile: Tile) throws -> [UInt8] {
        let first = Int(tile.index) * 256
        if tile.level == Tile.entriesLevel {
            return try EntryBundle.encode(Array(entries[first..<first + tile.width]))
        }
        return Tile.data(of: levels[tile.level][first..<first + tile.width])
    }

    /// Where entry `index` starts inside its bundle (after its length prefix).
    func offsetInBundle(of index: Int) -> Int {
        let first = index / 256 * 256
        return entries[first..<index].reduce(0) { $0 + 2 + $1.count } + 2
    }
}

struct MemorySource: TileSource {
    var files: [String: [UInt8]]

    func read(_ path: String) async throws -> [UInt8]? {
        files[path]
    }

    mutating func flip(_ path: String, byte: Int) {
        files[path]![byte] ^= 0x01
    }
}

struct BrokenSource: TileSource {
    struct Failure: Error {}
    let files: [String: [UInt8]]
    let brokenPath: String

    func read(_ path: String) async throws -> [UInt8]? {
        if path == brokenPath { throw Failure() }
        return files[path]
    }
}

final class Messages: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []

    func append(_ message: String) {
        lock.withLock { stored.append(message) }
    }

    var all: [String] { lock.withLock { stored } }
}
