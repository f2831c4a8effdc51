import NIOCore
import NIOPosix
import Logging
import Vapor
import NIOConcurrencyHelpers

/// The HJ 212 TCP server (port 9212 by default): thousands of long-lived device connections
/// on the application's event loops.
final class HJ212Gateway: Sendable {
    private let gateway: Gateway
    private let throttle = SourceThrottle()
    private let metrics: Metrics
    private let group: any EventLoopGroup
    private let logger: Logger
    private let idleTimeout: TimeAmount
    private let frameTimeout: TimeAmount
    private let channel = NIOLockedValueBox<(any Channel)?>(nil)

    /// A connection that sends nothing for `idleTimeout`, or takes longer than `frameTimeout`
    /// to finish a frame it began, is closed.
    init(app: Application, idleTimeout: TimeAmount = .minutes(10), frameTimeout: TimeAmount = .seconds(60)) {
        let siteLedger = app.siteLedger
        gateway = Gateway(database: app.db, directory: DeviceDirectory(), ingest: siteLedger.ingest)
        metrics = siteLedger.metrics
        group = app.eventLoopGroup
        logger = app.logger
        self.idleTimeout = idleTimeout
        self.frameTimeout = frameTimeout
    }

    /// Starts listening; answers the port, which `port` 0 leaves to the system.
    @discardableResult
    func start(host: String, port: Int) async throws -> Int {
        let (gateway, throttle, metrics, logger) = (self.gateway, self.throttle, self.metrics, self.logger)
        let (idleTimeout, frameTimeout) = (self.idleTimeout, self.frameTimeout)
        let server = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 1024)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.so_keepalive), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandlers([
                        IdleStateHandler(readTimeout: idleTimeout),
                        GatewayConnection(gateway: gateway, throttle: throttle, metrics: metrics, logger: logger, frameTimeout: frameTimeout),
                    ])
                }
            }
            .bind(host: host, port: port).get()
        channel.withLockedValue { $0 = server }
        let bound = server.localAddress?.port ?? port
        logger.notice("HJ 212 gateway listening on \(host):\(bound)")
        return bound
    }

    func shutdown() async throws {
        try await channel.withLockedValue { $0 }?.close()
    }
}

/// Listens for devices while the HTTP server runs.
struct GatewayLifecycle: LifecycleHandler {
    let gateway: HJ212Gateway
    let host: String
    let port: Int

    func didBootAsync(_ application: Application) async throws {
        try await gateway.start(host: host, port: port)
    }

    func shutdownAsync(_ application: Application) async {
        do { try await gateway.shutdown() } catch { application.logger.warning("HJ 212 gateway shutdown: \(error)") }
    }
}
