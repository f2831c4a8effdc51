import Foundation
import Testing
import Vapor
import VaporTesting
import Fluent
import SQLKit
import FluentPostgresDriver
@testable import SiteLedgerServer

/// A configured application on a fresh database: a temporary SQLite file, or — when
/// `SITELEDGER_TEST_DATABASE_URL` is set — a schema of its own on that PostgreSQL server.
struct TestApp {
    let app: Application

    static var postgresURL: String? {
        ProcessInfo.processInfo.environment["SITELEDGER_TEST_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The event loop of the world outside the server, its devices and browsers. Under the
    /// whole suite's load the application's loops can fall seconds behind, and a client that
    /// shared them timed out connecting to a socket the kernel had already accepted.
    static let outsideLoops = MultiThreadedEventLoopGroup(numberOfThreads: 1)

    static func run<T>(demo: Bool = false, _ body: (TestApp) async throws -> T) async throws -> T {
        try await withStorage(demo: demo) { settings in
            let t = try await launch(settings)
            do {
                let result = try await body(t)
                try await t.app.asyncShutdown()
                return result
            } catch {
                try? await t.app.asyncShutdown()
                throw error
            }
        }
    }

    /// Settings for a fresh database and data directory, removed when `body` returns: the
    /// way to start several applications, one after another or side by side, on one store.
    static func withStorage<T>(demo: Bool = false, _ body: (Settings) async throws -> T) async throws -> T {
        let dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("siteledger-test-\(UUID().uuidString)")
        let schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        var settings = Settings(
            dataDirectory: dataDirectory, databaseURL: postgresURL, databaseSchema: postgresURL == nil ? nil : String(schema),
            adminPassword: Fixtures.adminPassword, seedDemoWorld: demo, resourcesDirectory: packageRoot
        )
        settings.bcryptCost = 4
        settings.checkpointInterval = .milliseconds(50)
        // The suites run side by side on two cores, which the hypervisor sometimes takes more
        // than half of: integration can lag well behind a write, and forty writers queued on one
        // row lock can wait minutes, longer than a server would let them.
        settings.receiptWait = .seconds(30)
        settings.databaseWait = .seconds(240)
        // Long enough that a cache the writes kept is not mistaken for one they emptied.
        settings.readCacheLifetime = .seconds(120)
        settings.monitoringInterval = nil
        defer { try? FileManager.default.removeItem(at: dataDirectory) }
        do {
            let result = try await body(settings)
            try await dropSchema(settings)
            return result
        } catch {
            try? await dropSchema(settings)
            throw error
        }
    }

    /// A configured application on `settings`' store; the caller shuts it down.
    static func launch(_ settings: Settings) async throws -> TestApp {
        let app = try await Application.make(.testing)
        app.logger.logLevel = .warning
        do {
            try await configure(app, settings: settings)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        return TestApp(app: app)
    }

    /// Drops a test's PostgreSQL schema through a connection of its own, after every
    /// application on it has shut down.
    private static func dropSchema(_ settings: Settings) async throws {
        guard let schema = settings.databaseSchema, let url = settings.databaseURL else { return }
        let app = try await Application.make(.testing)
        do {
            app.databases.use(.postgres(configuration: try SQLPostgresConfiguration(url: url)), as: .psql)
            try await (app.db as! any SQLDatabase).raw("DROP SCHEMA IF EXISTS \(ident: schema) CASCADE").run()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    var db: any Database { app.db }

    /// Sends a request through the whole middleware chain.
    @discardableResult
    func send(_ method: HTTPMethod, _ path: String, token: String? = nil, json: String? = nil, headers: HTTPHeaders = [:]) async throws -> TestingHTTPResponse {
        var headers = headers
        if let token { headers.bearerAuthorization = .init(token: token) }
        var body: ByteBuffer?
        if let json {
            headers.contentType = .json
            body = ByteBuffer(string: json)
        }
        return try await app.testing().sendRequest(method, path, headers: headers, body: body)
    }

    func send<Body: Encodable>(_ method: HTTPMethod, _ path: String, token: String? = nil, body: Body) async throws -> TestingHTTPResponse {
        let data = try JSONEncoder().encode(body)
        return try await send(method, path, token: token, json: String(decoding: data, as: UTF8.self))
    }

    func login(_ username: String, _ password: String = Fixtures.demoPassword) async throws -> String {
        let response = try await send(.POST, "/api/v1/auth/login", json: #"{"username":"\#(username)","password":"\#(password)"}"#)
        #expect(response.status == .ok, "login \(username): \(response.body.string)")
        return try response.json()["token"].string
    }

    func changeCount() async throws -> Int {
        try await ChangeRecord.query(on: db).count()
    }
}

enum Fixtures {
    static let adminPassword = "test-admin-password"
    static let demoPassword = DemoWorld.password
    static let njProjectCode = "2024-320105-47-01-358214"
    static let dgProjectCode = "2024-441900-47-01-118520"
}

/// Small JSON reading for assertions.
struct JSON {
    let value: Any?

    subscript(_ key: String) -> JSON { JSON(value: (value as? [String: Any])?[key]) }
    subscript(_ index: Int) -> JSON {
        guard let array = value as? [Any], array.indices.contains(index) else { return JSON(value: nil) }
        return JSON(value: array[index])
    }
    struct Mismatch: Error, CustomStringConvertible {
        let description: String
    }

    var string: String {
        get throws {
            guard let text = value as? String else { throw Mismatch(description: "expected a string, got \(String(describing: value))") }
            return text
        }
    }

    var int: Int {
        get throws {
            guard let number = value as? Int else { throw Mismatch(description: "expected an int, got \(String(describing: value))") }
            return number
        }
    }
    var array: [JSON] { (value as? [Any] ?? []).map { JSON(value: $0) } }
    var isNull: Bool { value == nil || value is NSNull }
}

extension TestingHTTPResponse {
    func json() throws -> JSON {
        JSON(value: try JSONSerialization.jsonObject(with: Data(buffer: body), options: [.fragmentsAllowed]))
    }

    /// The `error.code` and `error.field` of an error body.
    func error() throws -> (code: String, field: String?) {
        let error = try json()["error"]
        return (try error["code"].string, error["field"].value as? String)
    }
}
