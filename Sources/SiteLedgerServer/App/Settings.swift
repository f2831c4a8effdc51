import Foundation

/// Everything an operator can configure, read once at start-up from flags and the environment.
public struct Settings: Sendable {
    public var dataDirectory: URL
    /// PostgreSQL when set; the embedded SQLite file in the data directory otherwise.
    public var databaseURL: String?
    /// PostgreSQL schema to use instead of `public`; lets test runs share one server.
    public var databaseSchema: String?
    public var hostname: String
    public var port: Int
    public var adminPassword: String?
    public var seedDemoWorld: Bool
    /// Where `Resources/Views` and `Public` live; the working directory by default.
    public var resourcesDirectory: URL
    /// Bcrypt cost for stored passwords.
    public var bcryptCost = 12

    public init(
        dataDirectory: URL,
        databaseURL: String? = nil,
        databaseSchema: String? = nil,
        hostname: String = "127.0.0.1",
        port: Int = 8080,
        adminPassword: String? = nil,
        seedDemoWorld: Bool = false,
        resourcesDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    ) {
        self.dataDirectory = dataDirectory
        self.databaseURL = databaseURL
        self.databaseSchema = databaseSchema
        self.hostname = hostname
        self.port = port
        self.adminPassword = adminPassword
        self.seedDemoWorld = seedDemoWorld
        self.resourcesDirectory = resourcesDirectory
    }

    /// Defaults overridden by `SITELEDGER_*` and `DATABASE_URL`.
    public static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) -> Settings {
        let cwd = FileManager.default.currentDirectoryPath
        return Settings(
            dataDirectory: URL(fileURLWithPath: env["SITELEDGER_DATA_DIR"] ?? ".siteledger", relativeTo: URL(fileURLWithPath: cwd)).standardizedFileURL,
            databaseURL: env["DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 },
            hostname: env["SITELEDGER_HOST"] ?? "127.0.0.1",
            port: env["SITELEDGER_PORT"].flatMap(Int.init) ?? 8080,
            adminPassword: env["SITELEDGER_ADMIN_PASSWORD"].flatMap { $0.isEmpty ? nil : $0 },
            resourcesDirectory: URL(fileURLWithPath: env["SITELEDGER_RESOURCES"] ?? cwd)
        )
    }
}
