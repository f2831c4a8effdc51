import Fluent
import Foundation
import NIOConcurrencyHelpers

/// The devices the gateway admits, by MN, kept in memory for half a minute: a station uploads
/// every few seconds, and its row changes rarely.
struct DeviceDirectory: Sendable {
    struct Entry: Sendable {
        let id: UUID
        let passwordDigest: String
        let passwordSalt: String
        let particulateScale: Double
        let active: Bool
    }

    private let cache = ExpiringCache<String, Entry>(ttl: 30)
    /// Password digest → the password that matched it: a station sends its password in every
    /// packet, and hashing it each time costs more than parsing the packet. Keyed by the
    /// digest, so a changed password is checked afresh.
    private let admitted = NIOLockedValueBox<[String: String]>([:])

    /// The device with MN `mn` if it is in memory; nil when it must be looked up.
    func cachedDevice(mn: String) -> Entry? {
        cache.value(for: mn)
    }

    func device(mn: String, on database: any Database) async throws -> Entry? {
        try await cache.value(for: mn) {
            try await Device.query(on: database).filter(\.$mn == mn).first().map { device in
                Entry(id: try device.requireID(), passwordDigest: device.passwordDigest, passwordSalt: device.passwordSalt,
                      particulateScale: device.particulateScale, active: device.active)
            }
        }
    }

    /// Whether `password` is `device`'s.
    func admits(_ password: String?, device: Entry) -> Bool {
        guard let password else { return false }
        if admitted.withLockedValue({ $0[device.passwordDigest] }) == password { return true }
        guard DeviceService.accepts(password, digest: device.passwordDigest, salt: device.passwordSalt) else { return false }
        admitted.withLockedValue { admitted in
            if admitted.count >= 100_000 { admitted.removeAll(keepingCapacity: true) }
            admitted[device.passwordDigest] = password
        }
        return true
    }
}
