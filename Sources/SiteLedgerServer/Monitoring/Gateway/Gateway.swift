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
    let database: any Database
    let directory: DeviceDirectory
    let ingest: Ingest

    /// The answer to send once `packet` has been dealt with: a 9014 for data whose Flag asks
    /// for one, sent only after the data are durable; nil when nothing is to be sent.
    func accept(_ packet: HJ212.Packet, receivedAt: Int) async throws(GatewayRejection) -> HJ212.Frame? {
        let device: DeviceDirectory.Entry
        do {
            guard let found = try await directory.device(mn: packet.deviceID, on: database) else { throw GatewayRejection.unknownDevice(packet.deviceID) }
            device = found
        } catch let rejection as GatewayRejection {
            throw rejection
        } catch {
            throw .notStored(error)
        }
        guard DeviceService.accepts(packet.password, digest: device.passwordDigest, salt: device.passwordSalt) else { throw .wrongPassword(packet.deviceID) }
        guard device.active else { throw .inactiveDevice(packet.deviceID) }
        guard DataKind(rawValue: packet.command.rawValue) != nil else { return nil }
        let reading: Reading
        do { reading = try Reading(packet, particulateScale: device.particulateScale) } catch { throw .unreadable(error) }
        do {
            try await ingest.store([StoredReading(device: device.id, reading: reading, receivedAt: receivedAt)])
        } catch {
            throw .notStored(error)
        }
        return packet.flag?.needsAnswer == true ? HJ212.dataAnswer(to: packet) : nil
    }
}
