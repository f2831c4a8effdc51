import ArgumentParser
import Foundation
import SiteLedgerCore
import SiteLedgerServer

/// `siteledger verify-receipt`: checks a `.tlog-proof` offline, with nothing but the log's key.
struct VerifyReceipt: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Verify a receipt (C2SP tlog-proof) offline: checkpoint signature, inclusion, and optionally the record.")

    @Argument(help: "The receipt file (.tlog-proof).")
    var receipt: String

    @Option(help: "The entry the receipt is for, exactly as logged.")
    var entry: String

    @Option(help: "The log's verifier key, or a file holding it (<name>+<id>+<key>).")
    var key: String

    @Option(help: "The full record; checks that the entry commits to it.")
    var record: String?

    func run() throws {
        do {
            let lines = try SiteLedgerRuntime.verifyReceipt(
                try String(contentsOfFile: receipt, encoding: .utf8), entry: try Data(contentsOf: URL(fileURLWithPath: entry)),
                record: try record.map { try Data(contentsOf: URL(fileURLWithPath: $0)) }, verifierKey: try readKey(key)
            )
            lines.forEach { print("ok: \($0)") }
        } catch {
            printError("verification failed: \(error)")
            throw ExitCode.failure
        }
    }
}

/// `siteledger audit`: verifies any C2SP tlog-tiles log end to end.
struct Audit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Audit any C2SP tlog-tiles log: checkpoint signature, every entry bundle and tile, the root, and consistency with an older checkpoint."
    )

    @Argument(help: "An http(s):// prefix (where <prefix>/checkpoint is served) or a directory laid out as tlog-tiles.")
    var source: String

    @Option(help: "The log's verifier key, or a file holding it.")
    var key: String

    @Option(help: "A checkpoint saved earlier; the log must be consistent with it.")
    var since: String?

    func run() async throws {
        let verifier = try NoteVerifier(verifierKey: try readKey(key))
        let tiles: any TileSource = source.hasPrefix("http://") || source.hasPrefix("https://")
            ? HTTPTileSource(prefix: source) : DirectoryTileSource(root: URL(fileURLWithPath: source))
        do {
            let report = try await Auditor(source: tiles, verifier: verifier).run(since: try since.map { try String(contentsOfFile: $0, encoding: .utf8) })
            report.lines.forEach { print($0) }
            print("audit passed: \(report.entries) entries, \(report.bundlesChecked) entry bundles, \(report.tilesChecked) hash tiles")
        } catch {
            printError("audit FAILED: \(error)")
            throw ExitCode.failure
        }
    }
}

struct Ledger: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "The evidence ledger (存证).", subcommands: [Export.self, Check.self])

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write the log as static tlog-tiles files for a public mirror.")

        @OptionGroup var database: DatabaseOptions

        @Argument(help: "Directory to write into; created if missing.")
        var directory: String

        func run() async throws {
            let target = URL(fileURLWithPath: directory).standardizedFileURL
            try await SiteLedgerRuntime.withApplication(database.settings()) { app in
                print(try await SiteLedgerRuntime.exportLedger(to: target, from: app))
            }
        }
    }

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Find records whose stored content no longer matches what was logged; exits 1 if any.")

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            var clean = true
            try await SiteLedgerRuntime.withApplication(database.settings()) { app in
                let result = try await SiteLedgerRuntime.checkLedger(app)
                result.lines.forEach { print($0) }
                clean = result.clean
            }
            if !clean { throw ExitCode.failure }
        }
    }
}

/// A verifier key given inline or as a file.
private func readKey(_ value: String) throws -> String {
    (FileManager.default.fileExists(atPath: value) ? try String(contentsOfFile: value, encoding: .utf8) : value).trimmingCharacters(in: .whitespacesAndNewlines)
}

private func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
