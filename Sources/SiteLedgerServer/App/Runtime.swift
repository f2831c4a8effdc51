import Vapor
import Fluent

/// Entry points for the `siteledger` executable.
public enum SiteLedgerRuntime {
    /// Configures the application and serves until interrupted.
    public static func serve(_ settings: Settings) async throws {
        let app = try await makeApplication(arguments: ["siteledger", "serve"])
        do {
            try await configure(app, settings: settings)
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
        try await RegionDirectory.importCSV(csv, on: app.db)
    }
}
