import NIOCore
import Logging
import Foundation
import SiteLedgerCore

/// One device connection: bytes in, frames cut, packets put back together and handed to the
/// `Gateway`, answers out once their data are stored. A connection never waits on another:
/// each packet's storing runs off the event loop, and at most `maxInFlight` packets of one
/// connection are pending before it stops reading (backpressure).
final class GatewayConnection: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    static let maxInFlight = 64

    private let gateway: Gateway
    private let throttle: SourceThrottle
    private let metrics: Metrics
    private var logger: Logger
    /// How long a frame may take to arrive once it has begun: a connection that trickles bytes
    /// never looks idle.
    private let frameTimeout: TimeAmount
    private var framer = HJ212.Framer()
    private var reassembler = HJ212.Reassembler()
    private var inFlight = 0
    private var source = "unknown"
    private var partialFrameDeadline: Scheduled<Void>?

    init(gateway: Gateway, throttle: SourceThrottle, metrics: Metrics, logger: Logger, frameTimeout: TimeAmount) {
        self.gateway = gateway
        self.throttle = throttle
        self.metrics = metrics
        self.logger = logger
        self.frameTimeout = frameTimeout
    }

    func channelActive(context: ChannelHandlerContext) {
        metrics.observeDeviceConnection(opened: true)
        source = context.remoteAddress?.ipAddress ?? "unknown"
        logger[metadataKey: "source"] = .string(source)
        if throttle.isBlocked(source) {
            logger.notice("hj212 connection refused: the source is throttled after repeated authentication failures")
            context.close(promise: nil)
        }
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        framer.append(buffer.readableBytesView)
        while let event = framer.next() {
            switch event {
            case .frame(let frame): receive(frame, context: context)
            case .rejected(let error):
                metrics.observeDevicePacket("bad_frame")
                logger.warning("hj212 bytes rejected: \(error)")
            }
        }
        watchPartialFrame(context: context)
    }

    /// Starts the clock when bytes of an unfinished frame are held, and stops it when none are.
    private func watchPartialFrame(context: ChannelHandlerContext) {
        guard framer.buffered > 0 else {
            partialFrameDeadline?.cancel()
            partialFrameDeadline = nil
            return
        }
        guard partialFrameDeadline == nil else { return }
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        partialFrameDeadline = context.eventLoop.scheduleTask(in: frameTimeout) {
            let (connection, context) = bound.value
            connection.logger.info("hj212 connection closed: a frame took longer than \(connection.frameTimeout.nanoseconds / 1_000_000_000) s to arrive")
            context.close(promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        metrics.observeDeviceConnection(opened: false)
        partialFrameDeadline?.cancel()
        if let rest = framer.finish() { logger.info("hj212 connection closed: \(rest)") }
        context.fireChannelInactive()
    }

    /// A device still owed an answer is waiting on us, not idle: closing it would drop the
    /// 9014 of a stored packet while the store is slow. The idle clock keeps running and
    /// fires again, so the connection closes once answered if it stays quiet.
    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let idle = event as? IdleStateHandler.IdleStateEvent, idle == .read {
            guard inFlight == 0 else { return }
            logger.info("hj212 connection closed: idle")
            context.close(promise: nil)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        logger.info("hj212 connection closed: \(error)")
        context.close(promise: nil)
    }

    private func receive(_ frame: HJ212.Frame, context: ChannelHandlerContext) {
        let now = Int(Date().timeIntervalSince1970)
        let packet: HJ212.Packet
        do {
            packet = try HJ212.Packet(parsing: frame)
        } catch {
            metrics.observeDevicePacket("bad_packet")
            logger.warning("hj212 packet rejected: \(error)")
            return
        }
        guard let whole = reassembler.add(packet, now: now) else { return }
        inFlight += 1
        metrics.observeUploadInFlight(1)
        if inFlight == Self.maxInFlight { context.channel.setOption(ChannelOptions.autoRead, value: false).whenFailure { _ in } }
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        gateway.accept(whole, receivedAt: now, on: context.eventLoop) { result in
            let (connection, context) = bound.value
            connection.answered(whole, result, context: context)
        }
    }

    private func answered(_ packet: HJ212.Packet, _ result: Result<Bool, GatewayRejection>, context: ChannelHandlerContext) {
        if inFlight == Self.maxInFlight { context.channel.setOption(ChannelOptions.autoRead, value: true).whenFailure { _ in } }
        inFlight -= 1
        metrics.observeUploadInFlight(-1)
        switch result {
        case .success(let acknowledge):
            metrics.observeDevicePacket("accepted")
            if acknowledge { context.writeAndFlush(wrapOutboundOut(ByteBuffer(bytes: HJ212.dataAnswer(to: packet).bytes)), promise: nil) }
        case .failure(let rejection):
            metrics.observeDevicePacket(rejection.outcome)
            logger.warning("hj212 packet rejected: \(rejection)", metadata: ["mn": .string(packet.deviceID)])
            if rejection.isAuthenticationFailure, throttle.failed(source) {
                logger.notice("hj212 source throttled after repeated authentication failures")
                context.close(promise: nil)
            }
        }
    }
}
