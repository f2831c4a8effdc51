import SiteLedgerCore
import Testing

@Suite("Auditor")
struct AuditorTests {
    /// 3,000 entries: 11 full bundles and level-0 tiles, a partial one of 184, and a partial
    /// level-1 tile of 11.
    let log: TestLog

    init() throws {
        log = try TestLog(size: 3000)
    }

    func audit(_ source: MemorySource, since: String? = nil) async throws -> AuditReport {
        try await Auditor(source: source, verifier: log.signer.verifier).run(since: since)
    }

    func auditFailure(_ source: some TileSource, since: String? = nil, verifier: NoteVerifier? = nil) async -> AuditFailure? {
        do {
            _ = try await Auditor(source: source, verifier: verifier ?? log.signer.verifier).run(since: since)
            Issue.record("the audit passed")
            return nil
        } catch let failure as AuditFailure {
            return failure
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }

    @Test func aSoundLogPasses() async throws {
        let messages = Messages()
        let report = try await Auditor(source: MemorySource(files: try log.files()), verifier: log.signer.verifier)
            .run(progress: { messages.append($0) })
        #expect(report.entries == 3000)
        #expect(report.checkpoint.size == 3000)
        #expect(report.checkpoint.root == log.root(size: 3000))
        #expect(report.bundlesChecked == 12)
        #expect(report.tilesChecked == 13)
        #expect(report.lines.count == 4)
        #expect(report.lines.contains { $0.hasPrefix("root:") })
        #expect(messages.all == report.lines)
    }

    @Test(arguments: [0, 1, 255, 256, 257, 511, 512, 65536, 65537, 70_000])
    func logsOfEverySizePass(size: Int) async throws {
        let log = try TestLog(size: size)
        let report = try await Auditor(source: MemorySource(files: try log.files()), verifier: log.signer.verifier).run()
        #expect(report.entries == UInt64(size))
        #expect(report.tilesChecked == Tile.hashTiles(forSize: UInt64(size)).count)
        #expect(report.bundlesChecked == Tile.entryBundles(forSize: UInt64(size)).count)
    }

    @Test func aFlippedByteInAFullLevel0Tile_namesTheTileAndEntry() async throws {
        var source = MemorySource(files: try log.files())
        source.flip("tile/0/003", byte: 5 * 32 + 17)
        let failure = await auditFailure(source)
        #expect(failure?.path == "tile/0/003")
        #expect(failure?.index == 3 * 256 + 5)
    }

    @Test func aFlippedByteInAPartialLevel0Tile_namesTheTileAndEntry() async throws {
        var source = MemorySource(files: try log.files())
        source.flip("tile/0/011.p/184", byte: 100 * 32)
        let failure = await auditFailure(source)
        #expect(failure?.path == "tile/0/011.p/184")
        #expect(failure?.index == 11 * 256 + 100)
    }

    @Test func aFlippedByteInABundleEntry_namesTheBundleAndEntry() async throws {
        for index in [0, 700, 2815, 2816, 2999] {
            let bundle = Tile.entryBundles(forSize: 3000)[index / 256]
            var source = MemorySource(files: try log.files())
            source.flip(bundle.path, byte: log.offsetInBundle(of: index) + 3)
            let failure = await auditFailure(source)
            #expect(failure?.path == bundle.path, "entry \(index)")
            #expect(failure?.index == UInt64(index), "entry \(index)")
        }
    }

    @Test func aFlippedLengthPrefix_namesTheBundle() async throws {
        var source = MemorySource(files: try log.files())
        source.flip("tile/entries/004", byte: log.offsetInBundle(of: 4 * 256 + 9) - 2)
        let failure = await auditFailure(source)
        #expect(failure?.path == "tile/entries/004")
    }

    @Test func aFlippedByteInALevel1Tile_namesIt() async throws {
        var source = MemorySource(files: try log.files())
        source.flip("tile/1/000.p/11", byte: 7 * 32 + 31)
        let failure = await auditFailure(source)
        #expect(failure?.path == "tile/1/000.p/11")
        #expect(failure?.index == nil)
        #expect(failure?.reason.contains("tile/0/007") == true)
    }

    @Test func aFlippedByteInALevel2Tile_namesIt() async throws {
        let log = try TestLog(size: 70_000)
        var source = MemorySource(files: try log.files())
        source.flip("tile/2/000.p/1", byte: 0)
        let failure = await auditFailure(source, verifier: log.signer.verifier)
        #expect(failure?.path == "tile/2/000.p/1")
    }

    @Test func aFlippedByteInTheCheckpoint_namesIt() async throws {
        let files = try log.files()
        for byte in [0, 20, 30, files["checkpoint"]!.count - 5] {
            var source = MemorySource(files: files)
            source.flip("checkpoint", byte: byte)
            let failure = await auditFailure(source)
            #expect(failure?.path == "checkpoint", "byte \(byte)")
        }
    }

    @Test func aCheckpointSignedOverTheWrongRoot_namesTheCheckpoint() async throws {
        var files = try log.files()
        let wrong = Checkpoint(origin: log.signer.name, size: 3000, root: log.root(size: 2999))
        files["checkpoint"] = Array(try Note.sign(text: wrong.text, with: [log.signer]).utf8)
        let failure = await auditFailure(MemorySource(files: files))
        #expect(failure?.path == "checkpoint")
        #expect(failure?.reason.contains("root") == true)
    }

    @Test func theFirstProblemIsReported() async throws {
        var source = MemorySource(files: try log.files())
        source.flip("tile/0/009", byte: 0)
        source.flip("tile/0/002", byte: 64)
        source.flip("tile/1/000.p/11", byte: 0)
        var failure = await auditFailure(source)
        #expect(failure?.path == "tile/0/002")
        #expect(failure?.index == 2 * 256 + 2)
        source.files["tile/entries/001"] = nil
        failure = await auditFailure(source)
        #expect(failure?.path == "tile/entries/001")
    }

    @Test func missingAndMisshapenResources_areNamed() async throws {
        let files = try log.files()
        for path in ["checkpoint", "tile/0/005", "tile/entries/010", "tile/1/000.p/11", "tile/0/011.p/184", "tile/entries/011.p/184"] {
            var source = MemorySource(files: files)
            source.files[path] = nil
            #expect(await auditFailure(source)?.path == path)
        }
        var source = MemorySource(files: files)
        source.files["tile/0/004"]!.removeLast()
        #expect(await auditFailure(source)?.path == "tile/0/004")
        source = MemorySource(files: files)
        source.files["tile/entries/004"]! += [0, 1, 65]
        #expect(await auditFailure(source)?.path == "tile/entries/004")
        source = MemorySource(files: files)
        source.files["tile/entries/004"]!.removeLast()
        let truncated = await auditFailure(source)
        #expect(truncated?.path == "tile/entries/004")
        #expect(truncated?.index == 4 * 256 + 255)
        let broken = BrokenSource(files: files, brokenPath: "tile/0/006")
        #expect(await auditFailure(broken)?.path == "tile/0/006")
    }

    @Test func missingPartialTiles_fallBackToFullOnes() async throws {
        // The log has grown to 3,000 but this checkpoint is for 2,000, and the partial tiles of
        // that size were deleted once the full ones existed.
        // (The level-1 tile is still partial, so its partial version for 2,000 remains.)
        var files = try log.files(checkpointSize: 2000, partialSizes: [3000])
        #expect(files["tile/0/007.p/208"] == nil)
        #expect(files["tile/entries/007.p/208"] == nil)
        files["tile/1/000.p/7"] = try log.data(of: Tile(level: 1, index: 0, width: 7))
        let report = try await audit(MemorySource(files: files))
        #expect(report.entries == 2000)
        #expect(report.checkpoint.root == log.root(size: 2000))
        // A full tile used for a partial one is checked too.
        var source = MemorySource(files: files)
        source.flip("tile/0/007", byte: 3 * 32)
        let failure = await auditFailure(source)
        #expect(failure?.path == "tile/0/007")
        #expect(failure?.index == 7 * 256 + 3)
    }

    @Test func since_aConsistentEarlierCheckpointPasses() async throws {
        let files = try log.files(partialSizes: [1000, 3000])
        for size in [0, 1, 256, 1000, 2999, 3000] {
            let report = try await audit(MemorySource(files: files), since: try log.checkpoint(size: size))
            #expect(report.lines.last?.hasPrefix("since: consistent with the earlier checkpoint of size \(size)") == true)
        }
    }

    @Test func since_anInconsistentEarlierCheckpointFails() async throws {
        let files = try log.files()
        // Another history signed by the same key: a fork.
        let fork = TestLog(entries: (0..<1000).map { TestLog.entry($0 == 500 ? 5000 : $0) }, signer: log.signer)
        var failure = await auditFailure(MemorySource(files: files), since: try fork.checkpoint(size: 1000))
        #expect(failure?.reason.contains("not consistent") == true)
        // Larger than the log now: truncated.
        let longer = TestLog(entries: (0..<3001).map(TestLog.entry), signer: log.signer)
        failure = await auditFailure(MemorySource(files: files), since: try longer.checkpoint(size: 3001))
        #expect(failure?.reason.contains("more than the current") == true)
        // Same size, other root.
        failure = await auditFailure(MemorySource(files: files), since: try TestLog(entries: fork.entries + log.entries[1000...], signer: log.signer).checkpoint(size: 3000))
        #expect(failure?.reason.contains("not consistent") == true)
        // Signed by another key.
        let stranger = try TestLog(size: 1000, name: log.signer.name)
        failure = await auditFailure(MemorySource(files: files), since: try stranger.checkpoint(size: 1000))
        #expect(failure?.reason.contains("earlier checkpoint does not verify") == true)
    }

    @Test func theKeyMustBeTheLogs() async throws {
        let stranger = try NoteSigner.generate(name: log.signer.name)
        let failure = await auditFailure(MemorySource(files: try log.files()), verifier: stranger.verifier)
        #expect(failure?.path == "checkpoint")
        #expect(failure?.reason.contains("does not verify") == true)
    }
}
