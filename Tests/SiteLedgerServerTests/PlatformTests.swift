import Foundation
import Testing
import Vapor
import VaporTesting
import Crypto
import NIOConcurrencyHelpers
@testable import SiteLedgerServer

@Suite("Platform: operations endpoints and the OpenAPI document")
struct PlatformTests {
    @Test func healthAndMetrics() async throws {
        try await TestApp.run { t in
            let health = try await t.send(.GET, "/healthz")
            #expect(health.status == .ok)
            #expect(try health.json()["database"].string == "ok")
            #expect(health.headers.first(name: "X-Request-Id")?.isEmpty == false)
            _ = try await t.send(.GET, "/api/v1/projects")
            let metrics = try await t.send(.GET, "/metrics").body.string
            #expect(metrics.contains(#"siteledger_http_requests_total{method="GET",status="401"} 1"#))
            #expect(metrics.contains("siteledger_database_up 1"))
        }
    }

    /// With every connection taken, a request waits `databaseWait` and is then told to retry,
    /// not that the server failed.
    @Test func aRequestThatFindsNoFreeConnectionIsAnswered503() async throws {
        try await TestApp.withStorage { settings in
            var settings = settings
            // The production default: on a loaded machine PostgreSQL's connections took more
            // than 3 s to open while the app started, and the start itself timed out.
            settings.databaseWait = Settings(dataDirectory: settings.dataDirectory).databaseWait
            let t = try await TestApp.launch(settings)
            let perLoop = TestApp.postgresURL == nil ? 1 : postgresConnectionsPerEventLoop
            let loops = Array(t.app.eventLoopGroup.makeIterator())
            let held = NIOLockedValueBox(0)
            let released = NIOLockedValueBox(false)
            // Released by a flag, not by cancellation: Fluent runs `withConnection` in a task of its own.
            let holders = Task {
                await withTaskGroup(of: Void.self) { group in
                    for loop in loops {
                        for _ in 0..<perLoop {
                            group.addTask {
                                try? await t.app.databases.database(logger: t.app.logger, on: loop)!.withConnection { _ in
                                    held.withLockedValue { $0 += 1 }
                                    while !released.withLockedValue({ $0 }) { try await Task.sleep(for: .milliseconds(20)) }
                                }
                            }
                        }
                    }
                }
            }
            while held.withLockedValue({ $0 }) < perLoop * loops.count { try await Task.sleep(for: .milliseconds(10)) }
            let response = try await t.send(.POST, "/api/v1/auth/login", json: #"{"username":"admin","password":"x"}"#)
            released.withLockedValue { $0 = true }
            await holders.value
            try await t.app.asyncShutdown()
            #expect(response.status == .serviceUnavailable)
            #expect(try response.error().code == "busy")
        }
    }

    /// `serve` started from outside the checkout finds its pages by where its executable lies.
    @Test func resourcesAreFoundBesideTheExecutableWhenNotInTheWorkingDirectory() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("siteledger-resources-\(UUID())")
        defer { try? FileManager.default.removeItem(at: root) }
        let (checkout, elsewhere) = (root.appendingPathComponent("checkout"), root.appendingPathComponent("elsewhere"))
        try FileManager.default.createDirectory(at: checkout.appendingPathComponent("Resources"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: checkout.appendingPathComponent(".build/release"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        try Data("{}".utf8).write(to: checkout.appendingPathComponent(Settings.openAPIPath))
        let executable = checkout.appendingPathComponent(".build/release/siteledger").path

        #expect(Settings.resourcesDirectory(near: [elsewhere.path, executable]).path == checkout.standardizedFileURL.path)
        #expect(Settings.resourcesDirectory(near: [checkout.path, "/usr/bin/siteledger"]).path == checkout.standardizedFileURL.path)
        var lost = Settings(dataDirectory: root, resourcesDirectory: Settings.resourcesDirectory(near: [elsewhere.path, "/usr/bin/siteledger"]))
        #expect(lost.resourcesDirectory.path == elsewhere.path)
        #expect(throws: SettingsError.self) { try lost.validate() }
        lost.resourcesDirectory = checkout
        try lost.validate()
    }

    @Test func secretsAreGeneratedOnceKeptPrivateAndNeverReplacedSilently() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("siteledger-secrets-\(UUID())")
        defer { try? FileManager.default.removeItem(at: url) }
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        let directory = try DataDirectory(url)
        #expect(try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int == 0o700)
        let first = try directory.secret(named: "k", environment: "X", in: [:])
        #expect(try directory.secret(named: "k", environment: "X", in: [:]) == first)
        #expect(try FileManager.default.attributesOfItem(atPath: url.appendingPathComponent("k").path)[.posixPermissions] as? Int == 0o600)
        let shared = Data(repeating: 7, count: 32).base64EncodedString()
        #expect(try directory.secret(named: "k", environment: "X", in: ["X": shared]) == SymmetricKey(data: Data(repeating: 7, count: 32)))
        try Data("".utf8).write(to: url.appendingPathComponent("broken"))
        #expect(throws: SecretError.self) { try directory.secret(named: "broken", environment: "X", in: [:]) }
        #expect(throws: SecretError.self) { try directory.secret(named: "k", environment: "X", in: ["X": "short"]) }
    }

    @Test func aLoadThatRacesAnInvalidationIsNotCached() async throws {
        let cache = ExpiringCache<String, Int>(ttl: 60)
        let raced = await cache.value(for: "session") {
            cache.removeAll()
            return 1
        }
        #expect(raced == 1)
        #expect(cache.value(for: "session") == nil, "what was read before the write must not outlive it")
        _ = await cache.value(for: "session") { 2 }
        #expect(cache.value(for: "session") == 2)
        #expect(cache.value(for: "session", now: Date().addingTimeInterval(61)) == nil)
    }

    @Test func openAPIDocumentsExactlyTheRoutes() async throws {
        try await TestApp.run { t in
            let served = try await t.send(.GET, "/api/openapi.json")
            #expect(served.status == .ok)
            let paths = try #require(try served.json()["paths"].value as? [String: [String: Any]])
            let documented = Set(paths.flatMap { path, operations in
                operations.keys.filter { ["get", "post", "put", "patch", "delete"].contains($0) }.map { "\($0.uppercased()) \(path)" }
            })
            let registered = Set(t.app.routes.all.compactMap { route -> String? in
                let path = "/" + route.path.map { component in
                    switch component {
                    case .parameter(let name): "{\(name)}"
                    default: component.description
                    }
                }.joined(separator: "/")
                guard path.hasPrefix("/api/") || path == "/healthz" || path == "/metrics" else { return nil }
                return "\(route.method.rawValue) \(path)"
            })
            #expect(registered.subtracting(documented).isEmpty, "undocumented: \(registered.subtracting(documented).sorted())")
            #expect(documented.subtracting(registered).isEmpty, "documented but not served: \(documented.subtracting(registered).sorted())")
        }
    }
}
