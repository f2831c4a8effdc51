/// Checks a whole C2SP tlog-tiles log against its signed checkpoint: every entry, every
/// hash tile, the root, and optionally consistency with an earlier checkpoint. It needs only
/// the log's public key and read access to its files, so it works on any such log and on
/// any mirror of one.
public struct Auditor: Sendable {
    public let source: any TileSource
    public let verifier: NoteVerifier
    /// How many resources are read at once.
    public var concurrency: Int = 8

    public init(source: any TileSource, verifier: NoteVerifier) {
        self.source = source
        self.verifier = verifier
    }

    /// Reads the checkpoint and verifies its signature and origin (= key name); reads every
    /// entry bundle and hash tile the size implies (falling back to the full tile when a
    /// partial one is gone); checks every leaf hash against the level-0 tiles and every
    /// higher tile against the full tiles below; recomputes the root; and, given `since` (a
    /// signed checkpoint note), verifies it with the same key and checks that the log is
    /// consistent with it, with a consistency proof computed from the tiles.
    ///
    /// Throws `AuditFailure` for the first problem, naming the resource and the entry when
    /// it concerns one. Holds one bundle per read in flight and one hash per full tile, never
    /// the whole log.
    public func run(since: String? = nil, progress: (@Sendable (String) -> Void)? = nil) async throws -> AuditReport {
        var tally = Tally(progress: progress)

        let checkpoint = try await readCheckpoint()
        tally.note("checkpoint: \(checkpoint.origin), \(checkpoint.size) entries, root \(checkpoint.root.base64), signature by \(verifier.verifierKey) verified")
        let earlier = try since.map(openEarlier)

        let size = checkpoint.size
        var edges = [[Hash]](repeating: [], count: 8)
        var expected = try await auditEntries(size: size, root: checkpoint.root, edges: &edges, tally: &tally)
        var level = 1
        while level < 8, size >> UInt64(8 * level) != 0 {
            expected = try await auditLevel(level, size: size, expected: expected, edges: &edges, tally: &tally)
            level += 1
        }

        var edgeNodes: [Hash] = []
        for hashes in edges.reversed() where !hashes.isEmpty {
            var range = CompactRange()
            for hash in hashes {
                range.append(hash)
            }
            edgeNodes += range.nodes
        }
        let root = CompactRange.fold(edgeNodes[...])
        guard root == checkpoint.root else {
            throw AuditFailure(
                path: "checkpoint",
                reason: "the root computed from the log's entries and tiles, \(root.base64), differs from the checkpoint's root \(checkpoint.root.base64)")
        }
        tally.note("root: recomputed from the entries and tiles, equals the checkpoint's root")

        if let earlier {
            try await checkConsistency(earlier: earlier, current: checkpoint, tally: &tally)
        }
        return AuditReport(
            checkpoint: checkpoint, entries: size, tilesChecked: tally.tiles, bundlesChecked: tally.bundles,
            lines: tally.lines)
    }

    // MARK: - Checkpoints

    private func readCheckpoint() async throws -> Checkpoint {
        guard let bytes = try await read("checkpoint") else {
            throw AuditFailure(path: "checkpoint", reason: "the log has no checkpoint")
        }
        let text = String(decoding: bytes, as: UTF8.self)
        guard text.utf8.elementsEqual(bytes) else {
            throw AuditFailure(path: "checkpoint", reason: "the checkpoint is not valid UTF-8")
        }
        do {
            return try Checkpoint.open(text, verifier: verifier)
        } catch let error as CheckpointError {
            throw AuditFailure(path: "checkpoint", reason: error.reason)
        }
    }

    private func openEarlier(_ note: String) throws -> Checkpoint {
        do {
            return try Checkpoint.open(note, verifier: verifier)
        } catch let error as CheckpointError {
            throw AuditFailure(path: nil, reason: "the earlier checkpoint does not verify: \(error.reason)")
        }
    }

    private func checkConsistency(earlier: Checkpoint, current: Checkpoint, tally: inout Tally) async throws {
        guard earlier.size <= current.size else {
            throw AuditFailure(
                path: nil,
                reason: "the earlier checkpoint has \(earlier.size) entries, more than the current \(current.size): the log was truncated or forked")
        }
        let plan = try Proofs.consistency(from: earlier.size, to: current.size)
        let proof = try await assemble(plan, size: current.size)
        do {
            try Proofs.verifyConsistency(
                oldSize: earlier.size, newSize: current.size, oldRoot: earlier.root, newRoot: current.root, proof: proof)
        } catch let error as ProofError {
            throw AuditFailure(
                path: nil,
                reason: "the log is not consistent with the earlier checkpoint of size \(earlier.size) (\(earlier.root.base64)): \(error)")
        }
        tally.note("since: consistent with the earlier checkpoint of size \(earlier.size) (root \(earlier.root.base64)), by a \(proof.count)-hash consistency proof computed from the tiles")
    }

    // MARK: - Entries and tiles

    /// Level 0: each bundle's leaf hashes against its tile. Returns the roots of the full
    /// tiles, which level 1 must hold.
    private func auditEntries(size: UInt64, root: Hash, edges: inout [[Hash]], tally: inout Tally) async throws -> [Hash] {
        let count = (size + 255) >> 8
        var tileRoots: [Hash] = []
        tileRoots.reserveCapacity(Int(size >> 8))
        try await forEachInOrder(count: count) { index in
            let width = Tile.width(level: 0, index: index, size: size) ?? Tile.width
            async let entries = capture { try await readEntries(Tile(level: Tile.entriesLevel, index: index, width: width)) }
            async let hashes = capture { try await readHashes(Tile(level: 0, index: index, width: width)) }
            return await (entries, hashes)
        } body: { index, fetched in
            let (entries, bundlePath) = try fetched.0.get()
            let (stored, tilePath) = try fetched.1.get()
            let leafHashes = entries.map { Merkle.leafHash($0) }
            if let position = leafHashes.indices.first(where: { leafHashes[$0] != stored[$0] }) {
                throw await blame(
                    entry: index << 8 + UInt64(position), size: size, root: root, computed: leafHashes[position],
                    stored: stored[position], bundlePath: bundlePath, tilePath: tilePath)
            }
            if leafHashes.count == Tile.width {
                tileRoots.append(Merkle.root(of: leafHashes))
            } else {
                edges[0] = leafHashes
            }
            tally.bundles += 1
            tally.tiles += 1
            if (index + 1) % 256 == 0 && index + 1 < count {
                tally.progress?("level 0: \(index + 1) of \(count) bundles and tiles checked")
            }
        }
        tally.note("entries: \(size) entries in \(count) bundles; every leaf hash equals the one in the level-0 tiles")
        return tileRoots
    }

    /// A higher level: each tile's hashes against the roots of the full tiles below.
    private func auditLevel(_ level: Int, size: UInt64, expected: [Hash], edges: inout [[Hash]], tally: inout Tally) async throws -> [Hash] {
        let tiles = Tile.tilesAt(level: level, size: size)
        var tileRoots: [Hash] = []
        try await forEachInOrder(count: UInt64(tiles.count)) { index in
            await capture { try await readHashes(tiles[Int(index)]) }
        } body: { index, fetched in
            let (stored, path) = try fetched.get()
            let first = Int(index) * Tile.width
            if let position = stored.indices.first(where: { stored[$0] != expected[first + $0] }) {
                let below = Tile(level: level - 1, index: UInt64(first + position), width: Tile.width)
                let span = UInt64(first + position) << UInt64(8 * level)
                throw AuditFailure(
                    path: path,
                    reason: "hash \(position) (entries \(span)..<\(span + (1 << UInt64(8 * level)))) is \(stored[position].base64), but \(below.path) hashes to \(expected[first + position].base64)")
            }
            if stored.count == Tile.width {
                tileRoots.append(Merkle.root(of: stored))
            } else {
                edges[level] = stored
            }
            tally.tiles += 1
        }
        tally.note("level \(level): \(tiles.count) tile(s) with \(expected.count) hashes equal the hashes of the full tiles below")
        return tileRoots
    }

    /// A leaf hash in a level-0 tile differs from the hash of the entry in its bundle. One
    /// of the two was altered: the tile is right if its hash leads, through an inclusion
    /// proof made from the tiles, to the signed root.
    private func blame(
        entry: UInt64, size: UInt64, root: Hash, computed: Hash, stored: Hash, bundlePath: String, tilePath: String
    ) async -> AuditFailure {
        if let plan = try? Proofs.inclusion(index: entry, size: size),
           let proof = try? await assemble(plan, size: size),
           (try? Proofs.verifyInclusion(leafHash: stored, index: entry, size: size, proof: proof, root: root)) != nil
        {
            return AuditFailure(
                path: bundlePath, index: entry,
                reason: "the entry hashes to \(computed.base64), not to \(stored.base64) as \(tilePath) and the signed root say: the bundle was altered")
        }
        return AuditFailure(
            path: tilePath, index: entry,
            reason: "the tile holds leaf hash \(stored.base64), but the entry in \(bundlePath) hashes to \(computed.base64)")
    }

    // MARK: - Reading

    private func read(_ path: String) async throws -> [UInt8]? {
        do {
            return try await source.read(path)
        } catch {
            throw AuditFailure(path: path, reason: "could not be read: \(error)")
        }
    }

    /// The data of `tile`, or of the full tile when a partial one is missing (logs may delete
    /// partial tiles once the full one exists), and the path it came from.
    private func readData(_ tile: Tile) async throws -> (data: [UInt8], path: String) {
        if let data = try await read(tile.path) {
            return (data, tile.path)
        }
        if !tile.isFull, let data = try await read(tile.full.path) {
            return (data, tile.full.path)
        }
        throw AuditFailure(
            path: tile.path,
            reason: tile.isFull ? "missing" : "missing, and so is the full tile \(tile.full.path)")
    }

    private func readHashes(_ tile: Tile) async throws -> (hashes: [Hash], path: String) {
        let (data, path) = try await readData(tile)
        let width = path == tile.path ? tile.width : Tile.width
        guard data.count == width * Hash.byteCount else {
            throw AuditFailure(
                path: path, reason: "the tile has \(data.count) bytes; \(width) hashes are \(width * Hash.byteCount)")
        }
        let hashes = try Tile.hashes(in: data.prefix(tile.width * Hash.byteCount))
        return (hashes, path)
    }

    private func readEntries(_ bundle: Tile) async throws -> (entries: [[UInt8]], path: String) {
        let (data, path) = try await readData(bundle)
        let entries: [[UInt8]]
        var failedEntry = 0
        do {
            entries = try EntryBundle.decode(data, failedEntry: &failedEntry)
        } catch let error as TileError {
            throw AuditFailure(path: path, index: bundle.index << 8 + UInt64(failedEntry), reason: error.reason)
        }
        let width = path == bundle.path ? bundle.width : Tile.width
        guard entries.count == width else {
            throw AuditFailure(path: path, reason: "the bundle has \(entries.count) entries, not \(width)")
        }
        return (Array(entries.prefix(bundle.width)), path)
    }

    /// A proof made from the log's tiles at `size`.
    private func assemble(_ plan: ProofPlan, size: UInt64) async throws -> [Hash] {
        var tiles: [Tile: [UInt8]] = [:]
        var hashes: [NodeID: Hash] = [:]
        for node in plan.nodes {
            let (tile, offset, count) = Tile.locate(node, size: size)
            if tiles[tile] == nil {
                tiles[tile] = try await readData(tile).data
            }
            do {
                hashes[node] = try Tile.nodeHash(node, tileData: tiles[tile]!, offset: offset, count: count)
            } catch let error as TileError {
                throw AuditFailure(path: tile.path, reason: error.reason)
            }
        }
        return try plan.assemble(hashes)
    }

    /// Fetches items `0..<count` with up to `concurrency` reads in flight and hands them to
    /// `body` in order, so that the first problem reported is the first in the log.
    private func forEachInOrder<T: Sendable>(
        count: UInt64,
        fetch: @escaping @Sendable (UInt64) async -> T,
        body: (UInt64, T) async throws -> Void
    ) async throws {
        let window = UInt64(max(1, concurrency))
        try await withThrowingTaskGroup(of: (UInt64, T).self) { group in
            var scheduled: UInt64 = 0
            var ready: [UInt64: T] = [:]
            for next in 0..<count {
                while scheduled < count && scheduled - next < window {
                    let index = scheduled
                    group.addTask { (index, await fetch(index)) }
                    scheduled += 1
                }
                while ready[next] == nil {
                    guard let (index, value) = try await group.next() else { break }
                    ready[index] = value
                }
                guard let value = ready.removeValue(forKey: next) else { break }
                try await body(next, value)
            }
        }
    }
}

/// What an audit has checked so far.
private struct Tally {
    let progress: (@Sendable (String) -> Void)?
    var lines: [String] = []
    var tiles = 0
    var bundles = 0

    init(progress: (@Sendable (String) -> Void)?) {
        self.progress = progress
    }

    mutating func note(_ line: String) {
        lines.append(line)
        progress?(line)
    }
}

/// The outcome of a read, kept so that problems are reported in log order.
private func capture<T>(_ body: () async throws -> T) async -> Result<T, any Error> {
    do {
        return .success(try await body())
    } catch {
        return .failure(error)
    }
}
