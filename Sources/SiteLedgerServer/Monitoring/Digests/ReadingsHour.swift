import Vapor
import Fluent
import Foundation
import SiteLedgerCore

/// 数据封存 — a device's hour of readings, sealed: their count and SHA-256
/// (`ReadingsDigest`) as last logged. The evidence ledger holds each sealing, so that
/// `ledger check` can recompute the hour from the `readings` table and find any change.
final class ReadingsHour: Model, @unchecked Sendable {
    static let schema = "reading_digests"

    @ID(key: .id) var id: UUID?
    @Parent(key: "device_id") var device: Device
    /// Unix seconds at the start of the hour.
    @Field(key: "hour") var hour: Int
    @Field(key: "readings") var readings: Int
    @Field(key: "sha256") var sha256: String

    init() {}

    var digest: ReadingsDigest { ReadingsDigest(readings: readings, sha256: sha256) }
}

/// What the ledger commits to for a sealed hour.
struct ReadingsHourRecord: Content, LedgerRecord {
    let deviceId: UUID
    let hour: Date
    let readings: Int
    let sha256: String

    init(device: UUID, hour: Int, digest: ReadingsDigest) {
        self.deviceId = device
        self.hour = Date(unix: hour)
        self.readings = digest.readings
        self.sha256 = digest.sha256
    }
}
