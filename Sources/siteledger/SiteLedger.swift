import ArgumentParser
import Foundation
import SiteLedgerServer

@main
struct SiteLedgerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "siteledger",
        abstract: "SiteLedger (工地台账): digital supervision of construction projects.",
        subcommands: [Serve.self, Migrate.self, Demo.self, Regions.self, Ledger.self, Audit.self, VerifyReceipt.self, Simulate.self, Bench.self],
        defaultSubcommand: Serve.self
    )
}

/// Options every command that opens the database shares.
struct DatabaseOptions: ParsableArguments {
    @Option(help: "Data directory (SITELEDGER_DATA_DIR, default ./.siteledger).")
    var dataDir: String?

    @Option(help: "PostgreSQL URL (DATABASE_URL); the embedded SQLite database when absent.")
    var databaseURL: String?

    func settings() -> Settings {
        var settings = Settings.fromEnvironment()
        if let dataDir { settings.dataDirectory = URL(fileURLWithPath: dataDir).standardizedFileURL }
        if let databaseURL { settings.databaseURL = databaseURL }
        settings.integrates = false
        return settings
    }
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the HTTP server and the HJ 212 gateway (migrates first).")

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Address to listen on (SITELEDGER_HOST).")
    var hostname: String?

    @Option(help: "HTTP port (SITELEDGER_PORT, default 8080).")
    var port: Int?

    @Option(help: "HJ 212 gateway TCP port (SITELEDGER_HJ212_PORT, default 9212; off to not listen for devices).")
    var hj212Port: String?

    @Flag(help: "Seed the demo world into an empty database.")
    var demo = false

    func validate() throws {
        if let hj212Port, hj212Port != "off", !(Int(hj212Port).map { (0...65535).contains($0) } ?? false) {
            throw ValidationError("--hj212-port must be a port number or off")
        }
    }

    func run() async throws {
        var settings = database.settings()
        if let hostname { settings.hostname = hostname }
        if let port { settings.port = port }
        if let hj212Port { settings.hj212Port = hj212Port == "off" ? nil : Int(hj212Port) }
        settings.seedDemoWorld = demo
        // The demo's misbehaving stations show up within a minute, not a quarter hour.
        if demo { settings.integrityScanInterval = .seconds(60) }
        settings.integrates = true
        try await SiteLedgerRuntime.serve(settings)
    }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Create or upgrade the database schema, then exit.")

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await SiteLedgerRuntime.withApplication(database.settings()) { _ in
            print("migrations complete")
        }
    }
}

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Seed the demo world into an empty database, optionally with synthetic projects for load tests."
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Synthetic projects to add (with an owner and a contractor each), e.g. 10000 for the benchmark.")
    var extraProjects = 0

    func run() async throws {
        var settings = database.settings()
        settings.seedDemoWorld = true
        let extra = extraProjects
        try await SiteLedgerRuntime.withApplication(settings) { app in
            let added = try await SiteLedgerRuntime.seedSyntheticProjects(extra, into: app)
            print("demo world ready; \(added) synthetic projects added")
        }
    }
}

struct Regions: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage GB/T 2260 region codes beyond the built-in table.",
        subcommands: [Import.self]
    )

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add or rename regions from a CSV file of `code,name` lines.")

        @OptionGroup var database: DatabaseOptions

        @Argument(help: "UTF-8 CSV file, one `code,name` per line.")
        var file: String

        func run() async throws {
            let text = try String(contentsOfFile: file, encoding: .utf8)
            try await SiteLedgerRuntime.withApplication(database.settings()) { app in
                let count = try await SiteLedgerRuntime.importRegions(text, into: app)
                print("imported \(count) regions")
            }
        }
    }
}
