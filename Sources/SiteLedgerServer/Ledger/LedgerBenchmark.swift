import Vapor
import Fluent
import SQLKit
import Crypto
import SiteLedgerCore

/// `siteledger bench ledger` (BENCHMARKS.md, "Evidence ledger (issue 3)"): on a fresh SQLite
/// data directory, loads N synthetic changes with their ledger entries in bulk, times the
/// integrator catching up on all of them (hashing, tile persistence, one signed checkpoint),
/// times inclusion proofs on that log the way `LedgerLog.receipt` makes them, then times
/// steady-state integration steps. The background integrator does not run meanwhile.
public enum LedgerBenchmark {
    public struct Options: Sendable {
        /// Entries loaded before the catch-up integration.
        public var entries = 1_000_000
        /// Steady-state steps after the catch-up, each integrating `stepEntries` new entries.
        public var steps = 10
        public var stepEntries = 50_000
        /// Random indexes proven with a warm tile cache; `coldProofs` with an empty one each.
        public var warmProofs = 10_000
        public var coldProofs = 2_000

        public init() {}
    }

    /// Runs the benchmark in `settings.dataDirectory`, which must not hold a database yet;
    /// `progress` receives a line per phase. Answers the summary lines.
    public static func run(_ options: Options, settings given: Settings, progress: @escaping @Sendable (String) -> Void) async throws -> [String] {
        let sqlite = given.dataDirectory.appendingPathComponent("siteledger.sqlite")
        guard given.databaseURL == nil else { throw Failure("the ledger benchmark runs on SQLite only; leave DATABASE_URL unset") }
        guard !FileManager.default.fileExists(atPath: sqlite.path) else { throw Failure("\(sqlite.path) exists; the benchmark needs a fresh data directory") }
        var settings = given
        settings.integrates = false
        settings.ledgerEnabled = true
        settings.seedDemoWorld = false
        settings.adminPassword = AdminAccount.randomPassword()
        settings.bcryptCost = 4
        var lines: [String] = []
        try await SiteLedgerRuntime.withApplication(settings) { app in
            lines = try await measure(options, app: app, progress: progress)
        }
        return lines
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    private static func measure(_ options: Options, app: Application, progress: @escaping @Sendable (String) -> Void) async throws -> [String] {
        let ledger = app.siteLedger.ledger
        let loader = Loader(app: app)
        var lines: [String] = []
        func report(_ line: String) {
            progress(line)
            lines.append(line)
        }

        // 1. Bulk load, then the integrator catching up on everything in one step.
        try await ledger.integrator.integrate()
        let base = try await ledger.store.committedSize()
        // The log gets exactly `entries` entries: configuring the application logged the admin account's creation.
        let synthetic = options.entries - Int(base)
        guard synthetic > 0 else { throw Failure("--entries must exceed the \(base) entries a new database starts with") }
        progress("loading \(synthetic) synthetic changes and ledger entries ...")
        let loadTime = try await time { try await loader.append(synthetic) }
        let loaded = try await ledger.store.committedSize()
        let sample = try await ledger.store.entries(base..<min(loaded, base + 1_000)).map(\.entry.count)
        report("entries: \(sample.reduce(0, +) / max(1, sample.count)) bytes on average (canonical JSON)")
        report("bulk load: \(synthetic) changes + entries in \(seconds(loadTime)) (\(rate(synthetic, loadTime)) changes/s, not a target)")

        progress("integrating \(loaded - base) entries (catch-up, one checkpoint) ...")
        var checkpoint: StoredCheckpoint?
        let catchUp = try await time { checkpoint = try await ledger.integrator.integrate() }
        guard let checkpoint, checkpoint.size == loaded else { throw Failure("the catch-up integration did not sign a checkpoint of size \(loaded)") }
        report("integration, catch-up: \(loaded - base) entries in \(seconds(catchUp)) = \(rate(Int(loaded - base), catchUp)) entries/s (one checkpoint of size \(checkpoint.size))")

        // Where that time goes, measured apart: reading the entries, hashing them into tiles.
        let reading = try await time {
            var next = base
            while next < loaded {
                next += UInt64(try await ledger.store.entries(next..<min(loaded, next + 16_384)).count)
            }
        }
        var edge = TileEdge(size: 0, partial: [])
        let entries = try await ledger.store.entries(0..<min(loaded, 200_000)).map(\.entry)
        let hashing = await time {
            for entry in entries { edge.append(Merkle.leafHash(entry)) }
            _ = edge.takeChanged()
        }
        let hashingAll = hashing * (Double(loaded - base) / Double(max(1, entries.count)))
        report("  breakdown: reading the entries \(seconds(reading)) (\(rate(Int(loaded - base), reading)) entries/s); leaf hashing + tiles in memory \(seconds(hashingAll)) (\(rate(entries.count, hashing)) entries/s); the rest (storing the tiles, consistency check, signing) \(seconds(catchUp - reading - hashingAll))")

        // 2. Inclusion proofs on the log of `loaded` entries, as `LedgerLog.receipt` makes them.
        progress("timing inclusion proofs on the \(checkpoint.size)-entry log ...")
        try await verifySomeProofs(ledger.log, checkpoint: checkpoint, store: ledger.store)
        let size = checkpoint.size
        let cold = try await proofTimes(options.coldProofs, size: size) {
            let log = LedgerLog(store: ledger.store, verifier: ledger.log.verifier)
            return { try await log.hashTile($0, size: size) }
        }
        report("inclusion proof, cold tile cache (\(options.coldProofs) random indexes, a fresh LedgerLog each): \(cold.summary)")
        let warmLog = LedgerLog(store: ledger.store, verifier: ledger.log.verifier)
        var inMemory: [TileKey: Data] = [:]
        for level in 0..<8 where size >> UInt64(Tile.height * level) > 0 {
            let count = size >> UInt64(Tile.height * level)
            for index in 0...(count / UInt64(Tile.width)) {
                let key = TileKey(level: level, index: index)
                if let data = try await warmLog.hashTile(key, size: size) { inMemory[key] = data }
            }
        }
        let warm = try await proofTimes(options.warmProofs, size: size) { { try await warmLog.hashTile($0, size: size) } }
        report("inclusion proof, warm tile cache (\(options.warmProofs) random indexes): \(warm.summary); \(warm.partialReads) partial tiles on each proof's path")
        let tiles = inMemory
        let memory = try await proofTimes(options.warmProofs, size: size) { { tiles[$0] } }
        report("  for comparison, the same proofs from tiles held in a dictionary (no database): \(memory.summary)")
        var receiptTimes: [Duration] = []
        for _ in 0..<options.warmProofs / 5 {
            let index = UInt64.random(in: 0..<checkpoint.size)
            receiptTimes.append(try await time { _ = try await warmLog.receipt(for: index, wait: .zero) })
        }
        report("whole receipt (entry + checkpoint + proof), warm (\(receiptTimes.count) random indexes): \(Percentiles(receiptTimes).summary)")

        // 3. Steady state: the integrator taking in `stepEntries` new entries at a time.
        var stepRates: [Double] = []
        for step in 0..<options.steps {
            try await loader.append(options.stepEntries)
            var signed: StoredCheckpoint?
            let elapsed = try await time { signed = try await ledger.integrator.integrate() }
            guard let signed else { throw Failure("step \(step) signed nothing") }
            stepRates.append(Double(options.stepEntries) / elapsed.inSeconds)
            progress("  step \(step + 1): \(options.stepEntries) entries in \(seconds(elapsed)) → checkpoint \(signed.size)")
        }
        if !stepRates.isEmpty {
            let sorted = stepRates.sorted()
            report("integration, steady state (\(options.steps) steps of \(options.stepEntries) entries on top of \(loaded)): median \(grouped(sorted[sorted.count / 2])) entries/s, min \(grouped(sorted[0])), max \(grouped(sorted[sorted.count - 1]))")
        }
        return lines
    }

    /// Checks a few proofs against the checkpoint's root, so that fast means right.
    private static func verifySomeProofs(_ log: LedgerLog, checkpoint: StoredCheckpoint, store: LedgerStore) async throws {
        for index in (0..<100).map({ _ in UInt64.random(in: 0..<checkpoint.size) }) + [0, checkpoint.size - 1] {
            guard let receipt = try await log.receipt(for: index, wait: .zero),
                  let entry = try await store.entries(index..<index + 1).first?.entry else { throw Failure("no receipt for entry \(index)") }
            try Proofs.verifyInclusion(leafHash: Merkle.leafHash(entry), index: index, size: checkpoint.size, proof: receipt.proof, root: checkpoint.root)
        }
    }

    /// Times `count` inclusion proofs of random indexes, each reading tiles through the reader `reader()` gives.
    private static func proofTimes(
        _ count: Int, size: UInt64, reader: () -> @Sendable (TileKey) async throws -> Data?
    ) async throws -> Percentiles {
        var times: [Duration] = []
        times.reserveCapacity(count)
        var partial = 0
        for _ in 0..<count {
            let index = UInt64.random(in: 0..<size)
            let read = reader()
            let plan = try Proofs.inclusion(index: index, size: size)
            partial += Set(plan.nodes.map { Tile.locate($0, size: size).tile }.filter { !$0.isFull }).count
            times.append(try await time {
                let proof = try await TileHashes.assemble(plan, size: size, tile: read)
                precondition(!proof.isEmpty)
            })
        }
        var result = Percentiles(times)
        result.partialReads = String(format: "%.1f", Double(partial) / Double(count))
        return result
    }

    struct Percentiles {
        let sorted: [Duration]
        /// Distinct partial tiles a proof reads, on average.
        var partialReads = ""

        init(_ times: [Duration]) { sorted = times.sorted() }

        func at(_ fraction: Double) -> Duration { sorted[min(sorted.count - 1, Int((Double(sorted.count) * fraction).rounded(.up)) - 1)] }

        var summary: String {
            "p50 \(millis(at(0.5))), p99 \(millis(at(0.99))), max \(millis(sorted[sorted.count - 1]))"
        }
    }

    /// Appends synthetic changes and their entries in bulk: multi-row inserts, 10,000 rows per
    /// transaction, each transaction taking the write path's turn like any other write.
    struct Loader: Sendable {
        let app: Application

        func append(_ count: Int) async throws {
            let store = app.siteLedger.ledger.store
            var next = try await store.committedSize()
            let end = next + UInt64(count)
            let (organization, user) = (UUID(), UUID())
            // The next batch is made on another core while this one is inserted.
            func make(_ range: Range<UInt64>) -> Task<[SyntheticChange], any Error> {
                Task.detached { try range.map { try SyntheticChange(index: $0, organization: organization, user: user) } }
            }
            var batch = make(next..<min(end, next + 10_000))
            while next < end {
                let rows = try await batch.value
                let upTo = next + UInt64(rows.count)
                if upTo < end { batch = make(upTo..<min(end, upTo + 10_000)) }
                try await app.siteLedger.writePath.serialized { [app] in
                    try await app.db.transaction { db in
                        let sql = db as! any SQLDatabase
                        for chunk in rows.chunked(into: 500) { try await ChangeRecord.insert(chunk.map(\.change), on: sql) }
                        for chunk in rows.chunked(into: 2_000) {
                            var insert = sql.insert(into: "ledger_entries").columns("idx", "change_id", "entry")
                            for row in chunk { insert = insert.values(SQLBind(Int64(row.index)), SQLBind(row.change.id!), SQLBind(row.entry)) }
                            try await insert.run()
                        }
                        try await sql.raw("UPDATE ledger_sequence SET next_index = \(bind: Int64(upTo)) WHERE id = 1").run()
                    }
                }
                next = upTo
            }
        }
    }

    /// A building registration as the write path would log it: its record (~330 bytes), the
    /// change row, and the entry (318 bytes of canonical JSON on average).
    struct SyntheticChange: Sendable {
        let index: UInt64
        let change: ChangeRecord
        let entry: Data

        init(index: UInt64, organization: UUID, user: UUID) throws {
            self.index = index
            let id = UUID()
            let code = String(format: "320105-2026-%07d", index % 9_999_999 + 1)
            let record = #"{"code":"\#(code)","codeFormat":"siteledger-v1","createdAt":"2026-11-21T08:00:00Z","floorArea":12850.5,"floorsAbove":18,"floorsBelow":2,"height":56.4,"id":"\#(id.uuidString)","name":"压测楼 \#(index)","number":"B-\#(index)","projectId":"\#(organization.uuidString)","structureType":"框架-剪力墙","use":"住宅"}"#
            let now = Date()
            let change = ChangeRecord()
            change.id = UUID()
            change.kind = "building.registered"
            change.subjectType = "building"
            change.subjectID = id
            change.subjectLabel = code
            change.summary = "赋码 \(code)：压测楼 \(index)"
            change.actorUserID = user
            change.actorAPIKeyID = nil
            change.actorOrganizationID = organization
            change.actorLabel = "bench"
            change.recordedAt = now
            change.occurredAt = now
            change.record = record
            change.recordSHA256 = Hash(bytes: Array(SHA256.hash(data: Data(record.utf8))))!.hex
            self.change = change
            self.entry = try LedgerEntry(change).encoded()
        }
    }

    private static func time(_ body: () async throws -> Void) async rethrows -> Duration {
        let start = ContinuousClock.now
        try await body()
        return ContinuousClock.now - start
    }

    private static func seconds(_ duration: Duration) -> String { String(format: "%.2f s", duration.inSeconds) }

    private static func millis(_ duration: Duration) -> String { String(format: "%.3f ms", duration.inSeconds * 1000) }

    private static func rate(_ count: Int, _ duration: Duration) -> String {
        grouped(Double(count) / duration.inSeconds)
    }

    private static func grouped(_ value: Double) -> String {
        var digits = String(Int(value))
        var grouped = ""
        while digits.count > 3 {
            grouped = "," + digits.suffix(3) + grouped
            digits.removeLast(3)
        }
        return digits + grouped
    }
}
