import Fluent
import Foundation
import Logging
import NIOCore
import SiteLedgerCore

/// Why the gateway turned a packet away.
enum GatewayRejection: Error, CustomStringConvertible {
    case unknownDevice(String)
    case wrongPassword(String)
    case inactiveDevice(String)
    case unreadable(ReadingError)
    case notStored(any Error)

    var description: String {
        switch self {
        case .unknownDevice(let mn): "no device has MN \(mn)"
        case .wrongPassword(let mn): "wrong PW for MN \(mn)"
        case .inactiveDevice(let mn): "device \(mn) is retired"
        case .unreadable(let error): error.description
        case .notStored(let error): "not stored: \(String(reflecting: error))"
        }
    }

    /// The `outcome` label `/metrics` counts it under.
    var outcome: String {
        switch self {
        case .unknownDevice: "unknown_device"
        case .wrongPassword: "wrong_password"
        case .inactiveDevice: "retired_device"
        case .unreadable: "unreadable"
        case .notStored: "not_stored"
        }
    }

    /// Unknown devices and wrong passwords count against the source address.
    var isAuthenticationFailure: Bool {
        switch self {
        case .unknownDevice, .wrongPassword: true
        default: false
        }
    }
}

/// What the gateway does with a packet, apart from the connection it came on: admit the
/// device, turn its data into a reading, store it, and say what to answer.
struct Gateway: Sendable {
    /// Called on `eventLoop` once the packet is dealt with: whether to acknowledge it (9014),
    /// or why it was turned away.
    typealias Answer = @Sendable (Result<Bool, GatewayRejection>) -> Void

    let database: any Database
    let directory: DeviceDirectory
    let ingest: Ingest

    /// Tells `answer`, on `eventLoop`, once `packet` has been dealt with: to acknowledge data
    /// whose Flag asks for it only after the data are durable. A device in memory costs no
    /// task: the packet goes from the event loop to ingest.
    func accept(_ packet: HJ212.Packet, receivedAt: Int, on eventLoop: any EventLoop, answer: @escaping Answer) {
        if let device = directory.cachedDevice(mn: packet.deviceID) { return accept(packet, from: device, receivedAt: receivedAt, on: eventLoop, answer: answer) }
        let answer: Answer = { result in eventLoop.execute { answer(result) } }
        let (directory, database) = (self.directory, self.database)
        Task {
            do {
                guard let device = try await directory.device(mn: packet.deviceID, on: database) else { return answer(.failure(.unknownDevice(packet.deviceID))) }
                accept(packet, from: device, receivedAt: receivedAt, on: eventLoop, answer: answer)
            } catch {
                answer(.failure(.notStored(error)))
            }
        }
    }

    private func accept(_ packet: HJ212.Packet, from device: DeviceDirectory.Entry, receivedAt: Int, on eventLoop: any EventLoop, answer: @escaping Answer) {
        guard directory.admits(packet.password, device: device) else { return answer(.failure(.wrongPassword(packet.deviceID))) }
        guard device.active else { return answer(.failure(.inactiveDevice(packet.deviceID))) }
        guard DataKind(rawValue: packet.command.rawValue) != nil else { return answer(.success(false)) }
        let reading: Reading
        do { reading = try Reading(packet, particulateScale: device.particulateScale) } catch { return answer(.failure(.unreadable(error))) }
        let acknowledge = packet.flag?.needsAnswer == true
        ingest.submit([StoredReading(device: device.id, reading: reading, receivedAt: receivedAt)], on: eventLoop) { stored in
            answer(stored.map { acknowledge }.mapError(GatewayRejection.notStored))
        }
    }
}
