import Vapor
import Fluent
import SiteLedgerCore

/// Entry points for the `siteledger` executable.
public enum SiteLedgerRuntime {
    /// Configures the application and serves until interrupted.
    public static func serve(_ settings: Settings) async throws {
        let app = try await makeApplication(arguments: ["siteledger", "serve"])
        do {
            try await configure(app, settings: settings)
            if let port = settings.hj212Port {
                app.lifecycle.use(GatewayLifecycle(gateway: HJ212Gateway(app: app), host: settings.hostname, port: port))
                if settings.seedDemoWorld { app.lifecycle.use(DemoSimulation(port: port)) }
            }
            try await app.execute()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    /// Configures (and so migrates) the application, runs `body`, and shuts down.
    public static func withApplication(_ settings: Settings, _ body: (Application) async throws -> Void) async throws {
        let app = try await makeApplication(arguments: ["siteledger"])
        do {
            try await configure(app, settings: settings)
            try await body(app)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    /// Production settings (template caching) unless `SITELEDGER_ENV` says otherwise; logs at
    /// `info`, so that every request leaves its line, unless `LOG_LEVEL` says otherwise.
    private static func makeApplication(arguments: [String]) async throws -> Application {
        let name = ProcessInfo.processInfo.environment["SITELEDGER_ENV"] ?? "production"
        let environment = Environment(name: name, arguments: arguments)
        let level = Environment.get("LOG_LEVEL").flatMap(Logger.Level.init(rawValue:)) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardOutput(label: label)
            handler.logLevel = level
            return handler
        }
        return try await Application.make(environment)
    }

    public static func seedSyntheticProjects(_ count: Int, into app: Application) async throws -> Int {
        try await SyntheticProjects.seed(count, on: app)
    }

    public static func importRegions(_ csv: String, into app: Application) async throws -> Int {
        try await RegionDirectory.importCSV(csv, writePath: app.siteLedger.writePath, on: app.db)
    }

    /// Integrates what is pending, then writes the log as static tlog-tiles files into `directory`.
    public static func exportLedger(to directory: URL, from app: Application) async throws -> String {
        try await app.siteLedger.ledger.integrator.integrate()
        let summary = try await LedgerExport.write(app.siteLedger.ledger.log, to: directory)
        return "exported \(summary.size) entries to \(directory.path): \(summary.written) files written, \(summary.kept) full tiles already there"
    }

    /// Runs `ledger check`; answers the report's lines and whether nothing was found.
    public static func checkLedger(_ app: Application) async throws -> (lines: [String], clean: Bool) {
        let report = try await LedgerCheck.run(app.siteLedger.ledger, on: app.db)
        let head = "checked \(report.entries) entries and the current rows of \(report.subjects) subjects: \(report.findings.count) problem(s)"
        return ([head] + report.findings.map(\.description), report.findings.isEmpty)
    }

    /// Checks a receipt offline; answers what was verified, or throws naming what failed.
    public static func verifyReceipt(_ receipt: String, entry: Data, record: Data?, verifierKey: String) throws -> [String] {
        let verifier = try NoteVerifier(verifierKey: verifierKey.trimmingCharacters(in: .whitespacesAndNewlines))
        let outcome = try EvidenceCheck.verify(receipt: receipt, entry: entry, record: record, verifier: verifier)
        var lines = [
            "checkpoint signed by \(verifier.name): size \(outcome.checkpoint.size), root \(outcome.checkpoint.root.base64)",
            "entry \(outcome.index) is included in it (RFC 9162 inclusion proof verified)",
        ]
        if record != nil { lines.append("the record's SHA-256 matches the entry: the record is unaltered") }
        return lines
    }
}
