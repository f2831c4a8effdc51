import Foundation
import Testing
import SQLKit
import Fluent
import SiteLedgerCore
@testable import SiteLedgerServer

/// The gateway in a `siteledger serve` process of its own: killed mid-stream, and holding ten
/// thousand idle connections. `scripts/test` runs this suite alone (`SITELEDGER_PROCESS_TESTS=1`):
/// a second server and ten thousand sockets beside the other suites would starve their timings.
@Suite("HJ 212 gateway as a separate process", .enabled(if: ProcessInfo.processInfo.environment["SITELEDGER_PROCESS_TESTS"] == "1", "run alone by scripts/test"))
struct GatewayProcessTests {
    static let start = HJ212.Timestamp(year: 2026, month: 11, day: 21, hour: 0, minute: 0, second: 0)!.secondsSince1970

    static func mn(_ device: Int) -> String { String(format: "SL%022d", 500 + device) }

    /// Upload `n` of a station: DataTime `n` minutes after `start`, QN carrying `n`.
    static func upload(_ n: Int, mn: String) -> [UInt8] {
        let time = HJ212.Timestamp(secondsSince1970: start + n * 60)
        let segment = "QN=\(String(format: "20261121%09d", n));ST=39;CN=2011;PW=123456;MN=\(mn);Flag=5;CP=&&DataTime=\(time);a34002-Rtd=\(40 + n % 50),a34002-Flag=N;LA-Rtd=55.5&&"
        return HJ212.Frame(segment).bytes
    }

    /// A store with `devices` stations registered, and a server process on it.
    static func withServer(devices: Int, _ body: (ServerProcess, Settings) async throws -> Void) async throws {
        try await TestApp.withStorage(demo: true) { settings in
            let t = try await TestApp.launch(settings)
            do {
                for device in 0..<devices { _ = try await t.registerDevice(mn: mn(device)) }
                try await t.app.asyncShutdown()
            } catch {
                try? await t.app.asyncShutdown()
                throw error
            }
            let server = try await ServerProcess.start(settings)
            defer { server.kill() }
            var restarted = settings
            restarted.seedDemoWorld = false
            try await body(server, restarted)
        }
    }

    /// Plays a station that keeps `window` uploads in flight until the connection dies;
    /// answers the uploads the server acknowledged.
    static func stream(_ device: Int, port: Int, window: Int) async throws -> Set<Int> {
        let station = try await TCPDevice(port: port)
        var next = 0
        var acknowledged: Set<Int> = []
        while next < window {
            try await station.send(upload(next, mn: mn(device)))
            next += 1
        }
        while true {
            let answers = try await station.frames(1, within: 5)
            if answers.isEmpty { return acknowledged }
            for answer in answers {
                guard let qn = try HJ212.Packet(parsing: answer).requestID, let n = Int(qn.dropFirst(8)) else { continue }
                acknowledged.insert(n)
                guard (try? await station.send(upload(next, mn: mn(device)))) != nil else { return acknowledged }
                next += 1
            }
        }
    }

    @Test func everyAcknowledgedUploadSurvivesSIGKILL() async throws {
        let devices = 12
        try await Self.withServer(devices: devices) { server, settings in
            let streams = (0..<devices).map { device in
                Task { try await Self.stream(device, port: server.hj212Port, window: 4) }
            }
            // Uploads flow for a while; then the process dies with several in flight on every connection.
            try await Task.sleep(for: .seconds(3))
            server.kill()
            var acknowledged: [Int: Set<Int>] = [:]
            for (device, stream) in streams.enumerated() { acknowledged[device] = try await stream.value }
            #expect(acknowledged.values.map(\.count).reduce(0, +) >= 100, "enough uploads were acknowledged to mean something")

            let t = try await TestApp.launch(settings)
            do {
                for device in 0..<devices {
                    let id = try #require(try await Device.query(on: t.db).filter(\.$mn == Self.mn(device)).first()?.requireID())
                    let stored = Set(try await ReadingStore.readings(of: id, in: Self.start..<(Self.start + 86_400), on: t.db).map { ($0.time - Self.start) / 60 })
                    let lost = acknowledged[device, default: []].subtracting(stored)
                    #expect(lost.isEmpty, "station \(device): acknowledged but not stored: \(lost.sorted())")
                }
                try await t.app.asyncShutdown()
            } catch {
                try? await t.app.asyncShutdown()
                throw error
            }
        }
    }

    @Test func tenThousandIdleConnectionsLeaveALiveStationFlowing() async throws {
        try await Self.withServer(devices: 1) { server, _ in
            var idle: [TCPDevice] = []
            idle.reserveCapacity(10_000)
            try await withThrowingTaskGroup(of: [TCPDevice].self) { group in
                for _ in 0..<8 {
                    group.addTask { try await (0..<1_250).asyncMap { _ in try await TCPDevice(port: server.hj212Port) } }
                }
                for try await opened in group { idle += opened }
            }
            #expect(idle.count == 10_000)
            let live = try await TCPDevice(port: server.hj212Port)
            let begun = Date()
            for n in 0..<20 {
                try await live.send(Self.upload(n, mn: Self.mn(0)))
                #expect(try await live.frames(1).count == 1, "upload \(n) answered")
            }
            let seconds = Date().timeIntervalSince(begun)
            #expect(seconds < 20, "twenty uploads took \(seconds) s beside the idle connections")
            let metrics = try await server.metrics()
            #expect(metrics.contains("siteledger_hj212_connections 10001"), "the server holds every connection")
            #expect(metrics.contains(#"siteledger_hj212_packets_total{outcome="accepted"} 20"#))
            #expect((server.residentMiB ?? 0) < 300, "resident memory \(server.residentMiB ?? -1) MiB")
        }
    }
}

private extension Sequence {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var mapped: [T] = []
        for element in self { mapped.append(try await transform(element)) }
        return mapped
    }
}
