import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
@testable import SiteLedgerServer
#if canImport(Glibc)
import Glibc
#endif

/// `siteledger serve` in a process of its own on a test's store: a server that can be killed
/// with SIGKILL, and whose sockets do not count against the test process's descriptors.
final class ServerProcess: @unchecked Sendable {
    let process = Process()
    let httpPort: Int
    let hj212Port: Int

    /// The `siteledger` executable `swift build --build-tests` put beside the test bundle.
    static var executable: URL {
        let beside = Bundle.main.executableURL?.deletingLastPathComponent().appendingPathComponent("siteledger")
        let candidates = [beside, TestApp.packageRoot.appendingPathComponent(".build/debug/siteledger")].compactMap { $0 }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates.last!
    }

    private init(httpPort: Int, hj212Port: Int) {
        self.httpPort = httpPort
        self.hj212Port = hj212Port
    }

    /// Starts serving `settings`' store and waits until the gateway takes connections.
    static func start(_ settings: Settings) async throws -> ServerProcess {
        raiseOpenFileLimit()
        let server = ServerProcess(httpPort: try freePort(), hj212Port: try freePort())
        server.process.executableURL = executable
        server.process.arguments = ["serve", "--data-dir", settings.dataDirectory.path, "--port", "\(server.httpPort)", "--hj212-port", "\(server.hj212Port)"]
        var environment = ProcessInfo.processInfo.environment
        environment["DATABASE_URL"] = settings.databaseURL ?? ""
        environment["SITELEDGER_DATABASE_SCHEMA"] = settings.databaseSchema ?? ""
        environment["SITELEDGER_RESOURCES"] = settings.resourcesDirectory.path
        environment["LOG_LEVEL"] = "warning"
        server.process.environment = environment
        try server.process.run()
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline, server.process.isRunning {
            if (try? await TCPDevice(port: server.hj212Port)) != nil { return server }
            try await Task.sleep(for: .milliseconds(200))
        }
        server.kill()
        throw ServerProcessError.didNotStart(running: server.process.isRunning)
    }

    /// SIGKILL: no shutdown, no flush; what the operating system has is what remains.
    func kill() {
        guard process.isRunning else { return }
        Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Resident memory, from `/proc`.
    var residentMiB: Int? {
        let status = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8)
        return status?.split(separator: "\n").first { $0.hasPrefix("VmRSS:") }.flatMap { Int($0.split(separator: " ")[1]) }.map { $0 / 1024 }
    }

    /// The server's `/metrics` text, over real HTTP.
    func metrics() async throws -> String {
        let (data, _) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(httpPort)/metrics")!)
        return String(decoding: data, as: UTF8.self)
    }

    /// Ten thousand connections need as many descriptors in this process and in the server,
    /// which inherits the limit: the soft limit goes up to the hard one.
    private static func raiseOpenFileLimit() {
        var limit = rlimit()
        let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
        guard getrlimit(resource, &limit) == 0, limit.rlim_cur < limit.rlim_max else { return }
        limit.rlim_cur = limit.rlim_max
        _ = setrlimit(resource, &limit)
    }

    /// A port nobody listens on now, from the system.
    private static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in.loopback(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw POSIXError(.EADDRINUSE) }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

enum ServerProcessError: Error {
    case didNotStart(running: Bool)
}
