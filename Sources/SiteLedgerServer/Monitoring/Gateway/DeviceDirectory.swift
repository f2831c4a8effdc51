import Fluent
import Foundation

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

    func device(mn: String, on database: any Database) async throws -> Entry? {
        try await cache.value(for: mn) {
            try await Device.query(on: database).filter(\.$mn == mn).first().map { device in
                Entry(id: try device.requireID(), passwordDigest: device.passwordDigest, passwordSalt: device.passwordSalt,
                      particulateScale: device.particulateScale, active: device.active)
            }
        }
    }
}
