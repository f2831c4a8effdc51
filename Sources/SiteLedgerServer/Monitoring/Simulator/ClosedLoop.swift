#if os(Linux)
import CEpoll
import Foundation
import Glibc
import NIOConcurrencyHelpers
import SiteLedgerCore

/// The benchmark's closed loop: each station sends its next upload as soon as the last is
/// answered, on plain blocking sockets that a few threads wait on with epoll.
///
/// The load generator shares the machine with the server it measures, so what it spends per
/// upload is taken from the server: an event-loop framework's channel pipeline, buffers and
/// promises cost the generator as much again as the kernel's loopback TCP does.
final class ClosedLoop: Sendable {
    private let options: DeviceSimulator.Options
    private let loops: [Loop]

    init(stations: [SimulatedStation], options: DeviceSimulator.Options, threads: Int = 2) {
        self.options = options
        let threads = max(1, min(threads, stations.count))
        loops = (0..<threads).map { thread in
            Loop(stations: stride(from: thread, to: stations.count, by: threads).map { stations[$0] }, options: options)
        }
    }

    /// Connects every station, then starts each thread sending.
    func start() throws {
        let address = try SocketAddress(host: options.host, port: options.port)
        for loop in loops { try loop.connect(to: address) }
        for (index, loop) in loops.enumerated() {
            // Named from inside, through /proc: Foundation's `Thread.name` never reaches the
            // kernel, Glibc's module leaves out `pthread_setname_np`, and per-thread CPU
            // (`scripts/gateway-threads`) goes by the kernel's name.
            let name = "closed-loop-\(index)"
            Thread {
                try? name.write(toFile: "/proc/thread-self/comm", atomically: false, encoding: .utf8)
                loop.run()
            }.start()
        }
    }

    var snapshot: SimulationTally {
        loops.reduce(into: SimulationTally()) { $0.add($1.tally.withLockedValue { $0 }) }
    }

    /// Stops every thread, waits for it to close its connections, and answers the tally.
    func stop() async -> SimulationTally {
        for loop in loops { loop.stopping.withLockedValue { $0 = true } }
        while loops.contains(where: { !$0.finished.withLockedValue { $0 } }) { try? await Task.sleep(for: .milliseconds(10)) }
        return snapshot
    }
}

/// One thread's stations and their epoll set. Its mutable state is touched only by that thread
/// (`connect` runs before the thread starts); `tally`, `stopping` and `finished` are locked.
private final class Loop: @unchecked Sendable {
    /// One station's connection.
    private struct Connection {
        let station: SimulatedStation
        let socket: Int32
        var clock: Int
        var sentAt: UInt64 = 0
        var requestID: String?
        var framer = HJ212.Framer()
    }

    let tally = NIOLockedValueBox(SimulationTally())
    let stopping = NIOLockedValueBox(false)
    let finished = NIOLockedValueBox(false)
    private let stations: [SimulatedStation]
    private let options: DeviceSimulator.Options
    private var connections: [Connection] = []
    private let epoll = epoll_create1(Int32(EPOLL_CLOEXEC))

    init(stations: [SimulatedStation], options: DeviceSimulator.Options) {
        self.stations = stations
        self.options = options
    }

    func connect(to address: SocketAddress) throws {
        for station in stations {
            let socket = try address.connectedSocket()
            var event = epoll_event(events: EPOLLIN.rawValue, data: epoll_data_t(u64: UInt64(connections.count)))
            guard epoll_ctl(epoll, EPOLL_CTL_ADD, socket, &event) == 0 else { throw SocketAddress.Failure(call: "epoll_ctl", errno: errno) }
            connections.append(Connection(station: station, socket: socket, clock: options.start))
        }
    }

    func run() {
        for index in connections.indices { send(index) }
        var events = [epoll_event](repeating: epoll_event(), count: 256)
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !stopping.withLockedValue({ $0 }) {
            let ready = epoll_wait(epoll, &events, Int32(events.count), 100)
            for event in events.prefix(Int(max(0, ready))) {
                receive(Int(event.data.u64), buffer: &buffer)
            }
        }
        for connection in connections { close(connection.socket) }
        close(epoll)
        finished.withLockedValue { $0 = true }
    }

    private func receive(_ index: Int, buffer: inout [UInt8]) {
        let count = buffer.withUnsafeMutableBytes { read(connections[index].socket, $0.baseAddress, $0.count) }
        guard count > 0 else {
            // The gateway closed it (or it failed): the station stops.
            epoll_ctl(epoll, EPOLL_CTL_DEL, connections[index].socket, nil)
            return
        }
        connections[index].framer.append(buffer[..<count])
        while case .frame(let frame)? = connections[index].framer.next() {
            guard let answer = try? HJ212.Packet(parsing: frame), answer.command == .dataAnswer,
                  answer.requestID == connections[index].requestID, connections[index].sentAt > 0 else { continue }
            let latency = Self.now() - connections[index].sentAt
            connections[index].sentAt = 0
            tally.withLockedValue { $0.answered(after: Int64(latency)) }
            connections[index].clock += options.step
            send(index)
        }
    }

    private func send(_ index: Int) {
        let upload = nextUpload(index)
        let bytes = upload.frame.bytes
        connections[index].requestID = upload.requestID
        connections[index].sentAt = Self.now()
        tally.withLockedValue { $0.sent += 1 }
        let written = bytes.withUnsafeBytes { write(connections[index].socket, $0.baseAddress, $0.count) }
        if written != bytes.count { epoll_ctl(epoll, EPOLL_CTL_DEL, connections[index].socket, nil) }
    }

    /// The upload at the station's clock; an offline hour is skipped, not waited for.
    private func nextUpload(_ index: Int) -> (requestID: String?, frame: HJ212.Frame) {
        while true {
            if let upload = connections[index].station.frame(at: connections[index].clock, password: options.password) { return upload }
            connections[index].clock += options.step
        }
    }

    private static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }
}

/// An IPv4 or IPv6 address to connect stations to.
private struct SocketAddress {
    struct Failure: Error, CustomStringConvertible {
        let call: String
        let errno: Int32
        var description: String { "\(call) failed: \(String(cString: strerror(errno)))" }
    }

    private var storage = sockaddr_storage()
    private let length: socklen_t
    private let family: Int32

    init(host: String, port: Int) throws {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var found: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &found)
        guard status == 0, let first = found else { throw Failure(call: "getaddrinfo \(host)", errno: status == EAI_SYSTEM ? errno : EINVAL) }
        defer { freeaddrinfo(found) }
        family = first.pointee.ai_family
        length = first.pointee.ai_addrlen
        withUnsafeMutableBytes(of: &storage) { $0.copyMemory(from: UnsafeRawBufferPointer(start: first.pointee.ai_addr, count: Int(length))) }
    }

    /// A blocking TCP socket connected to this address, without Nagle's delay.
    func connectedSocket() throws -> Int32 {
        let socket = Glibc.socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard socket >= 0 else { throw Failure(call: "socket", errno: errno) }
        var on: Int32 = 1
        setsockopt(socket, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
        var address = storage
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(socket, $0, length) }
        }
        guard connected == 0 else {
            let failure = Failure(call: "connect", errno: errno)
            close(socket)
            throw failure
        }
        return socket
    }
}
#else
import SiteLedgerCore

/// The closed loop waits on its sockets with Linux's epoll; elsewhere it refuses to start.
final class ClosedLoop: Sendable {
    struct Unsupported: Error, CustomStringConvertible {
        var description: String { "the closed loop (--interval 0) runs on Linux only" }
    }

    init(stations: [SimulatedStation], options: DeviceSimulator.Options, threads: Int = 2) {}
    func start() throws { throw Unsupported() }
    var snapshot: SimulationTally { SimulationTally() }
    func stop() async -> SimulationTally { SimulationTally() }
}
#endif
