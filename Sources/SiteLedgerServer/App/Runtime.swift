import Vapor
import Fluent

/// Entry points for the `siteledger` executable.
public enum SiteLedgerRuntime {
    /// Configures the application and serves until interrupted.
    public static func serve(_ settings: Settings) async throws {
        var environment = try Environment.detect(arguments: ["siteledger", "serve"])
        try LoggingSystem.bootstrap(from: &environment)
        let app = try await Application.make(environment)
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
        var environment = try Environment.detect(arguments: ["siteledger"])
        try LoggingSystem.bootstrap(from: &environment)
        let app = try await Application.make(environment)
        do {
            try await configure(app, settings: settings)
            try await body(app)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    public static func importRegions(_ csv: String, into app: Application) async throws -> Int {
        try await RegionDirectory.importCSV(csv, on: app.db)
    }
}
