import Foundation
import Testing
import NIOCore
import NIOPosix
import SQLKit
import SiteLedgerCore
@testable import SiteLedgerServer
#if canImport(Glibc)
import Glibc
#endif

/// A device on a real loopback TCP connection. Its blocking socket calls run on a thread pool
/// of their own: not on the cooperative threads the server's tasks need, nor on NIO's shared
/// blocking pool, where SQLite's queries and Bcrypt run.
final class TCPDevice: @unchecked Sendable {
    private let socket: Int32
    private var framer = HJ212.Framer()

    private static let pool: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: 8)
        pool.start()
        return pool
    }()

    /// Connects, and sends `first` at once if given: in one job, so that however long the
    /// test's task waits for a thread, the server never sees a connection that stays silent
    /// before its first upload.
    init(port: Int, sending first: String? = nil) async throws {
        socket = try await Self.pool.runIfActive {
            let fd = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in.loopback(port: port)
            let connected = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
            var timeout = timeval(tv_sec: 0, tv_usec: 200_000)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            guard fd >= 0, connected == 0 else {
                if fd >= 0 { close(fd) }
                throw POSIXError(.ECONNREFUSED)
            }
            if let first { try Self.send(Array(first.utf8), on: fd) }
            return fd
        }
    }

    deinit { close(socket) }

    func send(_ text: String) async throws {
        try await send(Array(text.utf8))
    }

    func send(_ bytes: [UInt8]) async throws {
        let socket = self.socket
        try await Self.pool.runIfActive { try Self.send(bytes, on: socket) }
    }

    private static func send(_ bytes: [UInt8], on socket: Int32) throws {
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw POSIXError(.EPIPE) }
            sent += n
        }
    }

    /// The frames that arrive while the device listens for `seconds`, stopping early once
    /// `count` have.
    ///
    /// Only time spent waiting on the socket counts. With every suite running side by side on
    /// two cores, the test's own task can wait many seconds for a thread between two reads, as
    /// the server's tasks do; a clock on the wall would count that wait against the server.
    func frames(_ count: Int, within seconds: Double = 30) async throws -> [HJ212.Frame] {
        var frames: [HJ212.Frame] = []
        var listened = Duration.zero
        while frames.count < count, listened < .seconds(seconds) {
            let (bytes, waited) = try await read()
            listened += waited
            guard let bytes else { break }
            framer.append(bytes)
            while case .frame(let frame)? = framer.next() { frames.append(frame) }
        }
        return frames
    }

    /// Whether the server closed the connection while the device listened for `seconds`
    /// (counted as in `frames`).
    func isClosed(within seconds: Double = 20) async throws -> Bool {
        var listened = Duration.zero
        while listened < .seconds(seconds) {
            let (bytes, waited) = try await read()
            if bytes == nil { return true }
            listened += waited
        }
        return false
    }

    /// Bytes read, and how long the read waited on the socket; empty after a quiet 0.2 s or an
    /// interrupted wait; nil once the peer has closed.
    private func read() async throws -> (bytes: [UInt8]?, waited: Duration) {
        let socket = self.socket
        return try await Self.pool.runIfActive {
            var buffer = [UInt8](repeating: 0, count: 4096)
            var (n, error) = (0, Int32(0))
            let waited = ContinuousClock().measure {
                n = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
                error = errno
            }
            if n > 0 { return (Array(buffer[..<n]), waited) }
            if n == 0 || ![EAGAIN, EWOULDBLOCK, EINTR].contains(error) { return (nil, waited) }
            return ([], waited)
        }
    }
}

extension sockaddr_in {
    /// 127.0.0.1:`port`; port 0 leaves the choice to the system.
    static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }
}

@Suite("HJ 212 gateway over TCP")
struct GatewayTests {
    static let mn = "SL0000000000000000000099"

    static func upload(qn: String, minute: Int, flag: Int = 5, password: String = "123456", mn: String = mn, extra: String = "") -> String {
        let time = String(format: "202611210%d%02d00", 8, minute)
        let segment = "QN=\(qn);ST=39;CN=2011;PW=\(password);MN=\(mn);Flag=\(flag);CP=&&DataTime=\(time);a34002-Rtd=6\(minute % 10).5,a34002-Flag=N;LA-Rtd=58.\(minute % 10)\(extra)&&"
        return String(decoding: HJ212.Frame(segment).bytes, as: UTF8.self)
    }

    static func withGateway(
        idleTimeout: TimeAmount = .minutes(10), frameTimeout: TimeAmount = .seconds(60), _ body: (TestApp, Int) async throws -> Void
    ) async throws {
        try await TestApp.run(demo: true) { t in
            _ = try await t.registerDevice(mn: mn)
            let gateway = HJ212Gateway(app: t.app, idleTimeout: idleTimeout, frameTimeout: frameTimeout)
            let port = try await gateway.start(host: "127.0.0.1", port: 0)
            do {
                try await body(t, port)
                try await gateway.shutdown()
            } catch {
                try? await gateway.shutdown()
                throw error
            }
        }
    }

    static func storedMinutes(_ t: TestApp) async throws -> [Int] {
        let rows = try await (t.db as! any SQLDatabase).raw("SELECT data_time FROM readings ORDER BY data_time").all()
        let start = HJ212.Timestamp(year: 2026, month: 11, day: 21, hour: 8, minute: 0, second: 0)!.secondsSince1970
        return try rows.map { (Int(try $0.decode(column: "data_time", as: Int64.self)) - start) / 60 }
    }

    /// The stored minutes once they are `expected`, or as they are after `seconds`. An upload
    /// that asks for no answer gives nothing to wait for, and need not be stored before the
    /// uploads that came after it: a device's first packets look its MN up each on their own.
    static func storedMinutes(_ t: TestApp, becoming expected: [Int]) async throws -> [Int] {
        try await awaited(within: .seconds(30), { try await storedMinutes(t) }, until: { $0 == expected })
    }

    /// What `value` gives once `done` holds for it, or after `limit` whatever it gives then.
    static func awaited<T>(within limit: Duration, _ value: () async throws -> T, until done: (T) -> Bool) async throws -> T {
        let deadline = ContinuousClock.now + limit
        var current = try await value()
        while !done(current), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
            current = try await value()
        }
        return current
    }

    /// Runs `body` while no reading can be stored: on SQLite the writer's turn is taken, on
    /// PostgreSQL the readings table is locked against inserts.
    static func holdingReadingWrites<T: Sendable>(_ t: TestApp, _ body: () async throws -> T) async throws -> T {
        let (taken, signalTaken) = AsyncStream<Void>.makeStream()
        let (released, release) = AsyncStream<Void>.makeStream()
        let hold: @Sendable () async -> Void = {
            signalTaken.yield()
            for await _ in released {}
        }
        let holder = Task {
            if TestApp.postgresURL == nil {
                try await t.app.siteLedger.writePath.serialized { await hold() }
            } else {
                try await t.db.transaction { db in
                    try await (db as! any SQLDatabase).raw("LOCK TABLE \(unsafeRaw: ReadingStore.table) IN SHARE MODE").run()
                    await hold()
                }
            }
        }
        for await _ in taken { break }
        let result: Result<T, any Error>
        do { result = .success(try await body()) } catch { result = .failure(error) }
        release.finish()
        try await holder.value
        return try result.get()
    }

    /// A device owed an answer is waiting on the server, not idle: held for three idle
    /// timeouts, its upload is still answered, and only then is the quiet connection closed.
    /// On a loaded machine a second can pass between connecting and the server reading the
    /// upload, and then the server rightly closes the connection as idle: the device connects
    /// again until its upload is read.
    @Test func aDeviceWaitingForItsAnswerIsNotIdle() async throws {
        try await Self.withGateway(idleTimeout: .seconds(1)) { t, port in
            let device = try await Self.holdingReadingWrites(t) {
                let device = try #require(try await Self.connection(port: port, sending: Self.upload(qn: "20261121081000001", minute: 10)) { _ in try await Self.uploadRead(t) })
                #expect(t.app.siteLedger.metrics.uploadsInFlight == 1)
                try await Task.sleep(for: .seconds(3))
                #expect(try await Self.storedMinutes(t).isEmpty, "the store is held")
                return device
            }
            #expect(try await device.frames(1).count == 1, "answered once stored")
            #expect(try await Self.storedMinutes(t) == [10])
            #expect(try await device.isClosed(), "closed once idle after its answer")
        }
    }

    /// A device that connected, sent `upload` and saw it `read`; nil after five attempts. Each
    /// attempt connects anew: should this shared machine stall a device between its connect and
    /// its send for longer than a test's short idle timeout, the gateway rightly closes it as idle.
    static func connection(port: Int, sending upload: String, read: (TCPDevice) async throws -> Bool) async throws -> TCPDevice? {
        for _ in 1...5 {
            let device = try await TCPDevice(port: port, sending: upload)
            if try await read(device) { return device }
        }
        return nil
    }

    /// Whether the gateway reads an upload within two seconds, as the idle clock allows it.
    static func uploadRead(_ t: TestApp) async throws -> Bool {
        try await awaited(within: .seconds(2), { t.app.siteLedger.metrics.uploadsInFlight }, until: { $0 > 0 }) > 0
    }

    @Test func anUploadIsAnsweredOnlyOnceItIsStored() async throws {
        try await Self.withGateway { t, port in
            let device = try await TCPDevice(port: port)
            try await device.send(Self.upload(qn: "20261121080100123", minute: 1))
            let answers = try await device.frames(1)
            #expect(try await Self.storedMinutes(t) == [1], "stored before the answer arrived")
            let answer = try HJ212.Packet(parsing: try #require(answers.first))
            #expect(answer.command == .dataAnswer && answer.requestID == "20261121080100123" && answer.systemCode == "91" && answer.flag?.rawValue == 4)
            let metrics = try await t.send(.GET, "/metrics").body.string
            #expect(metrics.contains("siteledger_ingest_commits_total 1\n") && metrics.contains("siteledger_ingest_readings_total 1\n"))
            #expect(metrics.contains("siteledger_hj212_uploads_in_flight 0\n"), "answered, so no longer in flight")
        }
    }

    @Test func badBytesAreDroppedAndTheConnectionGoesOn() async throws {
        try await Self.withGateway { t, port in
            let device = try await TCPDevice(port: port)
            let good = Self.upload(qn: "20261121080200001", minute: 2)
            let wrongCRC = String(Self.upload(qn: "20261121080300001", minute: 3).dropLast(6)) + "0000\r\n"
            try await device.send("noise\u{00}\u{07}" + wrongCRC + "##2000" + "##12x4")
            for part in [good.prefix(50), good.dropFirst(50).prefix(100), good.dropFirst(150)] { try await device.send(String(part)) }
            let answers = try await device.frames(1)
            #expect(try answers.map { try HJ212.Packet(parsing: $0).requestID } == ["20261121080200001"])
            #expect(try await device.frames(1, within: 0.5).isEmpty, "nothing else deserved an answer")
            #expect(try await Self.storedMinutes(t) == [2])
            let metrics = try await t.send(.GET, "/metrics").body.string
            #expect(metrics.contains(#"siteledger_hj212_packets_total{outcome="accepted"} 1"#))
            #expect(metrics.contains(#"siteledger_hj212_packets_total{outcome="bad_frame"} "#))
        }
    }

    @Test func onlyUploadsThatAskAreAnsweredAndResentOnesAreStoredOnce() async throws {
        try await Self.withGateway { t, port in
            let device = try await TCPDevice(port: port)
            try await device.send(Self.upload(qn: "20261121080400001", minute: 4, flag: 4) + Self.upload(qn: "20261121080500001", minute: 5) + Self.upload(qn: "20261121080500002", minute: 5))
            let answers = try await device.frames(2)
            #expect(try Set(answers.map { try HJ212.Packet(parsing: $0).requestID }) == ["20261121080500001", "20261121080500002"])
            #expect(try await device.frames(1, within: 0.5).isEmpty, "Flag=4 asks for no answer")
            #expect(try await Self.storedMinutes(t, becoming: [4, 5]) == [4, 5])
        }
    }

    @Test func splitUploadsAreStoredWhole() async throws {
        try await Self.withGateway { t, port in
            let device = try await TCPDevice(port: port)
            let header = "QN=20261121080600001;ST=39;CN=2011;PW=123456;MN=\(Self.mn);Flag=7;PNUM=2"
            try await device.send(HJ212.Frame(header + ";PNO=2;CP=&&DataTime=20261121080600;LA-Rtd=61.5&&").bytes)
            try await device.send(HJ212.Frame(header + ";PNO=1;CP=&&DataTime=20261121080600;a34002-Rtd=88&&").bytes)
            #expect(try await device.frames(1).count == 1)
            let row = try #require(try await (t.db as! any SQLDatabase).raw("SELECT pm10, noise FROM readings").first())
            #expect(try row.decode(column: "pm10", as: Double.self) == 88 && row.decode(column: "noise", as: Double.self) == 61.5)
        }
    }

    @Test func strangersGetNoAnswerAndASourceThatKeepsFailingIsShutOut() async throws {
        try await Self.withGateway { t, port in
            let device = try await TCPDevice(port: port)
            try await device.send(Self.upload(qn: "1", minute: 7, mn: "SL0000000000000000000000"))
            for attempt in 0..<3 { try await device.send(Self.upload(qn: "\(attempt)", minute: 7, password: "guess\(attempt)")) }
            #expect(try await device.frames(1, within: 1).isEmpty)
            #expect(try await Self.storedMinutes(t).isEmpty)
            try await device.send(Self.upload(qn: "4", minute: 7, password: "guess4"))
            #expect(try await device.isClosed(), "the fifth failure closes the connection")
            let again = try await TCPDevice(port: port)
            #expect(try await again.isClosed(), "and the source is turned away")
            let metrics = try await t.send(.GET, "/metrics").body.string
            #expect(metrics.contains(#"siteledger_hj212_packets_total{outcome="unknown_device"} 1"#))
            #expect(metrics.contains(#"siteledger_hj212_packets_total{outcome="wrong_password"} 4"#))
        }
    }

    @Test func aSilentConnectionIsClosedAndSoIsOneThatTricklesAFrame() async throws {
        try await Self.withGateway(idleTimeout: .seconds(3), frameTimeout: .milliseconds(1_500)) { t, port in
            let silent = try await TCPDevice(port: port)
            #expect(try await silent.isClosed(), "the idle timeout closes it")
            let slow = try await TCPDevice(port: port)
            let upload = Array(Self.upload(qn: "20261121080800001", minute: 8).utf8)
            // A byte every 0.4 s or so never leaves the connection idle for 3 s, yet the frame
            // is far from done when 1.5 s have passed.
            var closed = false
            for byte in upload.prefix(12) where !closed {
                try? await slow.send([byte])
                closed = try await slow.isClosed(within: 0.3)
            }
            let closedAtLast = try await closed ? true : slow.isClosed()
            #expect(closedAtLast, "the frame timeout closes it")
            #expect(try await Self.storedMinutes(t).isEmpty)
            let prompt = try await Self.connection(port: port, sending: Self.upload(qn: "20261121080900001", minute: 9)) { try await $0.frames(1).count == 1 }
            #expect(prompt != nil, "a device that sends whole frames is unaffected")
            #expect(try await Self.storedMinutes(t) == [9])
        }
    }

    /// The simulator's stations over TCP, the demo's own among them: closed loop, every answer
    /// stands for a stored reading; paced, each station keeps its interval.
    @Test func simulatedStationsAreStoredAsTheyAreAnswered() async throws {
        try await Self.withGateway { t, port in
            let mns = try await Device.query(on: t.db).all().map(\.mn)
            #expect(mns.count >= 4)
            var options = DeviceSimulator.Options()
            (options.port, options.interval, options.start) = (port, nil, 1_795_190_400)
            let simulator = DeviceSimulator(stations: SimulatedFleet.stations(mns, misbehaving: false), options: options, group: TestApp.outsideLoops)
            try await simulator.start()
            while simulator.snapshot.answered < 200 { try await Task.sleep(for: .milliseconds(20)) }
            let tally = await simulator.stop()
            #expect(try await t.readingCount() >= tally.answered)
            #expect(tally.answered >= 200 && tally.sent - tally.answered <= mns.count)

            // Paced: at most one upload per interval since the start, however slowly the loaded
            // machine lets the ticks and the answers come, and not as fast as answers come.
            options.interval = .milliseconds(200)
            let paced = DeviceSimulator(stations: [SimulatedStation(deviceID: mns[0])], options: options, group: TestApp.outsideLoops)
            let clock = ContinuousClock()
            let began = clock.now
            try await paced.start()
            while paced.snapshot.sent < 3, clock.now - began < .seconds(60) { try await Task.sleep(for: .milliseconds(20)) }
            let pacedTally = await paced.stop()
            #expect(pacedTally.sent >= 3)
            #expect(Double(pacedTally.sent) <= (clock.now - began) / options.interval! + 1, "one upload per interval at most")
        }
    }
}
