import ArgumentParser
import Foundation
import SiteLedgerServer

/// `siteledger bench`: the measurements behind BENCHMARKS.md that need the server's internals.
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Benchmarks (see BENCHMARKS.md and scripts/bench-*).", subcommands: [LedgerBench.self, HJ212Bench.self, ReadingsBench.self, MonitoringHistoryBench.self, WorkerBench.self])

    struct LedgerBench: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ledger",
            abstract: "Evidence ledger: integration throughput (catch-up and steady state) and inclusion proof latency, on a fresh SQLite database."
        )

        @Option(help: "Entries to load before the catch-up integration; proofs are timed on a log of this size.")
        var entries = 1_000_000

        @Option(help: "Steady-state integration steps after the catch-up.")
        var steps = 10

        @Option(help: "New entries per steady-state step.")
        var stepEntries = 50_000

        @Option(help: "Random indexes proven with a warm tile cache (cold: a fifth as many).")
        var proofs = 10_000

        @Option(help: "A fresh data directory to use and keep; a temporary one, removed afterwards, when absent.")
        var dataDir: String?

        func validate() throws {
            guard entries > 0, steps >= 0, stepEntries > 0, proofs >= 5 else { throw ValidationError("counts must be positive (at least 5 proofs)") }
        }

        func run() async throws {
            let directory = dataDir.map { URL(fileURLWithPath: $0).standardizedFileURL }
                ?? FileManager.default.temporaryDirectory.appendingPathComponent("siteledger-bench-ledger-\(UUID().uuidString)")
            defer { if dataDir == nil { try? FileManager.default.removeItem(at: directory) } }
            var settings = Settings.fromEnvironment()
            settings.dataDirectory = directory
            var options = LedgerBenchmark.Options()
            options.entries = entries
            options.steps = steps
            options.stepEntries = stepEntries
            options.warmProofs = proofs
            options.coldProofs = max(1, proofs / 5)
            let lines = try await LedgerBenchmark.run(options, settings: settings) { line in
                FileHandle.standardError.write(Data((line + "\n").utf8))
            }
            print("--- evidence ledger benchmark (\(directory.path)) ---")
            lines.forEach { print($0) }
        }
    }

    /// The gateway benchmark's baseline (scripts/bench-gateway).
    struct ReadingsBench: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "readings",
            abstract: "Batched inserts of simulated readings straight into the database: the HJ 212 gateway's baseline."
        )

        @OptionGroup var database: DatabaseOptions

        @Option(help: "Readings to insert, spread over the registered devices one minute apart.")
        var rows = 1_000_000

        @Option(help: "Readings per transaction.")
        var batch = 1_000

        func validate() throws {
            guard rows > 0, batch > 0 else { throw ValidationError("counts must be positive") }
        }

        func run() async throws {
            print(try await ReadingsBenchmark.run(rows: rows, batch: batch, settings: database.settings()))
        }
    }

    /// The history the 监测 pages are timed on (scripts/bench-monitoring).
    struct MonitoringHistoryBench: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "monitoring-history",
            abstract: "Seeds minute readings for the monitoring pages' benchmark: DAYS for the first station, two hours for every other, rolled up."
        )

        @OptionGroup var database: DatabaseOptions

        @Option(help: "Days of minute readings for the first station.")
        var days = 30

        func validate() throws {
            guard (1...90).contains(days) else { throw ValidationError("--days must be 1 to 90") }
        }

        func run() async throws {
            print(try await MonitoringHistory.seed(days: days, settings: database.settings()))
        }
    }

    /// The monitoring worker at a field rate (BENCHMARKS.md).
    struct WorkerBench: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "worker",
            abstract: "Times the monitoring worker's ticks while every registered station reports once a simulated minute."
        )

        @OptionGroup var database: DatabaseOptions

        @Option(help: "Simulated minutes: one reading of every station, then one tick, each.")
        var minutes = 75

        func validate() throws {
            guard minutes > 0 else { throw ValidationError("--minutes must be positive") }
        }

        func run() async throws {
            print(try await WorkerBenchmark.run(minutes: minutes, settings: database.settings()))
        }
    }
}
