import NIOCore
import NIOPosix
import NIOConcurrencyHelpers
import Foundation
import Vapor
import Fluent
import SiteLedgerCore

/// Plays simulated stations against an HJ 212 gateway over real TCP, one connection each.
///
/// Paced, a station sends what it measures now every `interval`, as devices in the field do.
/// Closed-loop (no interval), it sends its next upload as soon as the last is answered, its
/// clock stepping `step` seconds per upload: how the benchmark finds the gateway's capacity
/// (`ClosedLoop`).
public final class DeviceSimulator: Sendable {
    public struct Options: Sendable {
        public var host = "127.0.0.1"
        public var port = 9212
        public var password = "123456"
        /// Time between uploads; nil for closed loop.
        public var interval: Duration? = .seconds(60)
        /// Seconds of station time per upload in closed loop, from `start`.
        public var step = 60
        public var start = Int(Date().timeIntervalSince1970)

        public init() {}
    }

    private let stations: [SimulatedStation]
    private let options: Options
    private let group: any EventLoopGroup
    private let mode: Mode
    private let tally = NIOLockedValueBox(SimulationTally())
    private let channels = NIOLockedValueBox<[any Channel]>([])
    private let stopped = NIOLockedValueBox(false)

    public init(stations: [SimulatedStation], options: Options, group: any EventLoopGroup) {
        self.stations = stations
        self.options = options
        self.group = group
        mode = options.interval.map { .paced(.nanoseconds(Int64($0 / .nanoseconds(1)))) } ?? .closedLoop(ClosedLoop(stations: stations, options: options))
    }

    private enum Mode {
        case paced(TimeAmount)
        /// Runs on threads of its own rather than on `group`.
        case closedLoop(ClosedLoop)
    }

    /// Connects every station, a hundred at a time, and starts it sending.
    public func start() async throws {
        let interval: TimeAmount
        switch mode {
        case .closedLoop(let closedLoop): return try closedLoop.start()
        case .paced(let paced): interval = paced
        }
        // One lookup for the fleet, not one per station: NIO looks a host name up for every
        // connect, and one started off an event loop runs on Dispatch's global queue, where it
        // can wait behind the process's tasks.
        let address = try SocketAddress.makeAddressResolvingHost(options.host, port: options.port)
        for batch in stations.chunked(into: 100) {
            let connected = try await withThrowingTaskGroup(of: (any Channel).self) { tasks in
                for station in batch { tasks.addTask { try await self.connect(station, to: address, interval: interval) } }
                return try await tasks.reduce(into: []) { $0.append($1) }
            }
            channels.withLockedValue { $0 += connected }
        }
    }

    /// Stops sending and closes every connection; answers what was sent and answered.
    @discardableResult
    public func stop() async -> SimulationTally {
        if let closedLoop { return await closedLoop.stop() }
        stopped.withLockedValue { $0 = true }
        for channel in channels.withLockedValue({ $0 }) { try? await channel.close() }
        return tally.withLockedValue { $0 }
    }

    public var snapshot: SimulationTally { closedLoop?.snapshot ?? tally.withLockedValue { $0 } }

    private var closedLoop: ClosedLoop? {
        guard case .closedLoop(let closedLoop) = mode else { return nil }
        return closedLoop
    }

    private func connect(_ station: SimulatedStation, to address: SocketAddress, interval: TimeAmount) async throws -> any Channel {
        let (options, tally, stopped) = (self.options, self.tally, self.stopped)
        return try await ClientBootstrap(group: group)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(SimulatedDevice(station: station, interval: interval, password: options.password, tally: tally, stopped: stopped))
                }
            }
            .connect(to: address).get()
    }
}

/// What a simulation sent and got back.
public struct SimulationTally: Sendable {
    public var sent = 0
    public var answered = 0
    /// Answer latency in milliseconds, one bucket per millisecond; the last collects the rest.
    var latency = [Int](repeating: 0, count: 10_001)

    mutating func add(_ other: SimulationTally) {
        sent += other.sent
        answered += other.answered
        for (bucket, count) in other.latency.enumerated() { latency[bucket] += count }
    }

    mutating func answered(after nanoseconds: Int64) {
        answered += 1
        latency[min(latency.count - 1, Int(nanoseconds / 1_000_000))] += 1
    }

    /// The latency, in milliseconds, below which `fraction` of the answers came.
    public func percentile(_ fraction: Double) -> Int {
        let target = Int((Double(answered) * fraction).rounded(.up))
        var seen = 0
        for (milliseconds, count) in latency.enumerated() {
            seen += count
            if seen >= max(1, target) { return milliseconds }
        }
        return latency.count - 1
    }
}

/// One paced station's connection.
private final class SimulatedDevice: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let station: SimulatedStation
    private let interval: TimeAmount
    private let password: String
    private let tally: NIOLockedValueBox<SimulationTally>
    private let stopped: NIOLockedValueBox<Bool>
    private var framer = HJ212.Framer()
    private var sentAt: NIODeadline?
    private var ticker: RepeatedTask?

    init(station: SimulatedStation, interval: TimeAmount, password: String, tally: NIOLockedValueBox<SimulationTally>, stopped: NIOLockedValueBox<Bool>) {
        self.station = station
        self.interval = interval
        self.password = password
        self.tally = tally
        self.stopped = stopped
    }

    func channelActive(context: ChannelHandlerContext) {
        // Stations start at random points of the interval, as real ones do.
        let phase = TimeAmount.nanoseconds(Int64.random(in: 0...max(1, interval.nanoseconds)))
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        ticker = context.eventLoop.scheduleRepeatedTask(initialDelay: phase, delay: interval) { _ in
            let (device, context) = bound.value
            device.send(at: Int(Date().timeIntervalSince1970), context: context)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        ticker?.cancel()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        framer.append(unwrapInboundIn(data).readableBytesView)
        while case .frame(let frame)? = framer.next() {
            guard let answer = try? HJ212.Packet(parsing: frame), answer.command == .dataAnswer, let sentAt else { continue }
            self.sentAt = nil
            tally.withLockedValue { $0.answered(after: (NIODeadline.now() - sentAt).nanoseconds) }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    private func send(at time: Int, context: ChannelHandlerContext) {
        guard !stopped.withLockedValue({ $0 }), let packet = station.packet(at: time, password: password) else { return }
        sentAt = .now()
        tally.withLockedValue { $0.sent += 1 }
        context.writeAndFlush(wrapOutboundOut(ByteBuffer(bytes: packet.frame.bytes)), promise: nil)
    }
}

/// `serve --demo`: the demo's stations play against the server's own gateway at the interval
/// they are registered with, so the console shows live data and completeness reads true; every
/// other one misbehaves (`SimulatedFleet.demo`). Their counties' 国控点 publish beside them
/// (`DemoControlPoints`).
struct DemoSimulation: LifecycleHandler {
    let port: Int
    private let simulator = NIOLockedValueBox<DeviceSimulator?>(nil)
    private let controlPoints = NIOLockedValueBox<Task<Void, Never>?>(nil)

    init(port: Int) {
        self.port = port
    }

    func didBootAsync(_ application: Application) async throws {
        let devices = try await Device.query(on: application.db).filter(\.$active == true).sort(\.$mn).all()
        let interval = Duration.seconds(devices.map(\.intervalSeconds).min() ?? 60)
        var options = DeviceSimulator.Options()
        (options.port, options.interval, options.password) = (port, interval, DemoWorld.stationPassword)
        let stations = SimulatedFleet.demo(devices.map(\.mn))
        let now = Int(Date().timeIntervalSince1970)
        let control = try await DemoControlPoints.beside(Array(zip(stations, devices)), on: application)
        try await control.register(on: application)
        let published = DemoControlPoints.latestHour(publishedBy: now)
        try await control.publish(hours: (now - 24 * 3600)..<(published + 1), on: application)
        controlPoints.withLockedValue { $0 = Task { await control.keepPublishing(after: published, on: application) } }
        try await backfill(stations, devices: devices, hours: 24, on: application)
        let simulator = DeviceSimulator(stations: stations, options: options, group: application.eventLoopGroup)
        try await simulator.start()
        self.simulator.withLockedValue { $0 = simulator }
        application.logger.notice("demo: \(stations.count) simulated stations report every \(interval) to 127.0.0.1:\(port); \(control.points.count) 国控点 publish hourly")
    }

    func shutdownAsync(_ application: Application) async {
        controlPoints.withLockedValue { $0 }?.cancel()
        await simulator.withLockedValue { $0 }?.stop()
    }

    /// The last `hours` of one reading a minute, so that the console opens on history: charts,
    /// closed windows with their alarms, and the integrity findings of the misbehaving stations.
    private func backfill(_ stations: [SimulatedStation], devices: [Device], hours: Int, on application: Application) async throws {
        let now = Int(Date().timeIntervalSince1970) / 60 * 60
        for (station, device) in zip(stations, devices) {
            let readings = try stride(from: now - hours * 3600, to: now, by: 60).compactMap { time -> StoredReading? in
                guard let packet = station.packet(at: time, password: DemoWorld.stationPassword) else { return nil }
                return StoredReading(device: try device.requireID(), reading: try Reading(packet, particulateScale: device.particulateScale), receivedAt: time)
            }
            try await application.siteLedger.ingest.store(readings)
        }
        try await application.siteLedger.monitoring.tick()
        try await application.siteLedger.monitoring.scanIntegrity()
    }
}
