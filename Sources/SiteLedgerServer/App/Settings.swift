import Foundation

/// Everything an operator can configure, read once at start-up from flags and the environment.
public struct Settings: Sendable {
    public var dataDirectory: URL
    /// PostgreSQL when set; the embedded SQLite file in the data directory otherwise.
    public var databaseURL: String?
    /// PostgreSQL schema to use instead of `public` (`SITELEDGER_DATABASE_SCHEMA`): lets
    /// several deployments, or test runs, share one server.
    public var databaseSchema: String?
    public var hostname: String
    public var port: Int
    /// The HJ 212 gateway's TCP port, on `hostname`; nil when `serve` should not listen for devices.
    public var hj212Port: Int? = 9212
    public var adminPassword: String?
    public var seedDemoWorld: Bool
    /// Where `Resources/` and `Public/` live: `SITELEDGER_RESOURCES`, else found near the working
    /// directory or the executable (`resourcesDirectory(near:)`).
    public var resourcesDirectory: URL
    /// Bcrypt cost for stored passwords.
    public var bcryptCost = 12
    /// The evidence log's origin line, which is also its key's name; taken from the key when not set.
    public var ledgerOrigin: String?
    /// The shortest time between two signed checkpoints while the log grows.
    public var checkpointInterval: Duration = .seconds(1)
    /// How long a receipt request waits for its entry to be integrated.
    public var receiptWait: Duration = .seconds(5)
    /// How long the hot read caches keep an entry: the longest another process sharing the
    /// database may go unseen (a process's own writes empty them at once).
    public var readCacheLifetime: Duration = .seconds(5)
    /// How long a request waits for a free database connection before it is answered 503.
    public var databaseWait: Duration = .seconds(10)
    /// Whether this process integrates and signs; commands that only read the log set it off.
    public var integrates = true
    /// How often rollups, rule windows and alarms catch up with stored readings; nil runs no
    /// monitoring worker (tests drive it themselves).
    public var monitoringInterval: Duration? = .seconds(10)
    /// A device is offline when it has sent nothing for this many of its intervals.
    public var offlineAfterIntervals = 3
    /// How often the integrity detectors look over the recent readings.
    public var integrityScanInterval: Duration = .seconds(15 * 60)
    /// How long an active alarm may go unacknowledged before it is escalated to the regulator.
    public var alarmEscalation: Duration = .seconds(30 * 60)
    /// Days of raw readings to keep (`SITELEDGER_READINGS_RETENTION_DAYS`, at least
    /// `ReadingsRetention.minimumDays`); nil keeps them all. Rollups and hourly seals are kept.
    public var readingsRetentionDays: Int?
    /// Off only to measure what the ledger costs (`SITELEDGER_LEDGER=off`): writes then carry no evidence.
    public var ledgerEnabled = true

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
        var settings = Settings(
            dataDirectory: URL(fileURLWithPath: env["SITELEDGER_DATA_DIR"] ?? ".siteledger", relativeTo: URL(fileURLWithPath: cwd)).standardizedFileURL,
            databaseURL: env["DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 },
            databaseSchema: env["SITELEDGER_DATABASE_SCHEMA"].flatMap { $0.isEmpty ? nil : $0 },
            hostname: env["SITELEDGER_HOST"] ?? "127.0.0.1",
            port: env["SITELEDGER_PORT"].flatMap(Int.init) ?? 8080,
            adminPassword: env["SITELEDGER_ADMIN_PASSWORD"].flatMap { $0.isEmpty ? nil : $0 },
            resourcesDirectory: env["SITELEDGER_RESOURCES"].map { URL(fileURLWithPath: $0) } ?? resourcesDirectory(near: [cwd, Bundle.main.executablePath ?? CommandLine.arguments[0]])
        )
        settings.ledgerOrigin = env["SITELEDGER_LEDGER_ORIGIN"].flatMap { $0.isEmpty ? nil : $0 }
        if let seconds = env["SITELEDGER_CHECKPOINT_INTERVAL"].flatMap(Double.init), seconds > 0 {
            settings.checkpointInterval = .milliseconds(Int(seconds * 1000))
        }
        settings.ledgerEnabled = env["SITELEDGER_LEDGER"] != "off"
        // Not a number counts as too short, so that `validate` refuses it rather than keeping everything.
        settings.readingsRetentionDays = env["SITELEDGER_READINGS_RETENTION_DAYS"].map { Int($0) ?? 0 }
        if let port = env["SITELEDGER_HJ212_PORT"] { settings.hj212Port = port == "off" ? nil : Int(port) ?? 9212 }
        return settings
    }

    /// The first of `places` or their parent directories that holds `Resources/` (the working
    /// directory, then the executable's: `.build/release/siteledger` finds the checkout it was
    /// built in), so `serve` starts wherever it is started from; the first place if none does.
    static func resourcesDirectory(near places: [String]) -> URL {
        let candidates = places.flatMap { place in
            sequence(first: URL(fileURLWithPath: place).standardizedFileURL) { $0.path == "/" ? nil : $0.deletingLastPathComponent() }
        }
        return candidates.first { FileManager.default.fileExists(atPath: $0.appendingPathComponent(openAPIPath).path) }
            ?? URL(fileURLWithPath: places[0])
    }

    static let openAPIPath = "Resources/openapi.json"

    /// Refuses settings the platform cannot honour, naming the one at fault.
    func validate() throws(SettingsError) {
        guard FileManager.default.fileExists(atPath: resourcesDirectory.appendingPathComponent(Self.openAPIPath).path) else {
            throw SettingsError(setting: "SITELEDGER_RESOURCES", reason: "\(resourcesDirectory.path) holds no \(Self.openAPIPath): set it to the directory with Resources/ and Public/")
        }
        if let days = readingsRetentionDays, !ReadingsRetention.allowedDays.contains(days) {
            throw SettingsError(
                setting: "SITELEDGER_READINGS_RETENTION_DAYS",
                reason: "must be a whole number of days from \(ReadingsRetention.allowedDays.lowerBound) (the 30-day charts read raw readings) to \(ReadingsRetention.allowedDays.upperBound)"
            )
        }
    }
}

/// A setting `serve` cannot start with.
public struct SettingsError: Error, CustomStringConvertible {
    let setting: String
    let reason: String

    public var description: String { "\(setting) \(reason)" }
}
