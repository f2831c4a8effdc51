import Fluent
import Foundation
import Logging
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
    typealias Answer = @Sendable (Result<HJ212.Frame?, GatewayRejection>) -> Void

    let database: any Database
    let directory: DeviceDirectory
    let ingest: Ingest

    /// Tells `answer` what to send once `packet` has been dealt with: a 9014 for data whose
    /// Flag asks for one, only after the data are durable; nil when nothing is to be sent.
    /// A device in memory costs no task: the packet goes from the caller's thread to ingest.
    func accept(_ packet: HJ212.Packet, receivedAt: Int, answer: @escaping Answer) {
        if let device = directory.cachedDevice(mn: packet.deviceID) { return accept(packet, from: device, receivedAt: receivedAt, answer: answer) }
        let (directory, database) = (self.directory, self.database)
        Task {
            do {
                guard let device = try await directory.device(mn: packet.deviceID, on: database) else { return answer(.failure(.unknownDevice(packet.deviceID))) }
                accept(packet, from: device, receivedAt: receivedAt, answer: answer)
            } catch {
                answer(.failure(.notStored(error)))
            }
        }
    }

    private func accept(_ packet: HJ212.Packet, from device: DeviceDirectory.Entry, receivedAt: Int, answer: @escaping Answer) {
        guard directory.admits(packet.password, device: device) else { return answer(.failure(.wrongPassword(packet.deviceID))) }
        guard device.active else { return answer(.failure(.inactiveDevice(packet.deviceID))) }
        guard DataKind(rawValue: packet.command.rawValue) != nil else { return answer(.success(nil)) }
        let reading: Reading
        do { reading = try Reading(packet, particulateScale: device.particulateScale) } catch { return answer(.failure(.unreadable(error))) }
        ingest.submit([StoredReading(device: device.id, reading: reading, receivedAt: receivedAt)]) { stored in
            switch stored {
            case .success: answer(.success(packet.flag?.needsAnswer == true ? HJ212.dataAnswer(to: packet) : nil))
            case .failure(let error): answer(.failure(.notStored(error)))
            }
        }
    }
}
