import Fluent
import Foundation
import SiteLedgerCore

/// A monitoring device on a project's site (设备), known to the gateway by its MN.
final class Device: Model, @unchecked Sendable {
    static let schema = "devices"

    @ID(key: .id) var id: UUID?
    @Parent(key: "project_id") var project: Project
    @Field(key: "kind") var kind: DeviceKind
    /// HJ 212 MN, unique across the platform.
    @Field(key: "mn") var mn: String
    /// SHA-256 (hex) of the salt and the HJ 212 access password (PW).
    @Field(key: "password_digest") var passwordDigest: String
    @Field(key: "password_salt") var passwordSalt: String
    @Field(key: "name") var name: String
    /// The integration vendor (设备厂商) whose service quality is ranked.
    @OptionalParent(key: "vendor_id") var vendor: Organization?
    @OptionalField(key: "latitude") var latitude: Double?
    @OptionalField(key: "longitude") var longitude: Double?
    /// What turns the device's particulate values into µg/m³: 1000 for a device sending mg/m³.
    @Field(key: "particulate_scale") var particulateScale: Double
    /// The HJ 212 system code (ST) the device sends, e.g. 39.
    @Field(key: "system_code") var systemCode: String
    /// Seconds between real-time uploads.
    @Field(key: "interval_seconds") var intervalSeconds: Int
    @Field(key: "active") var active: Bool
    @Field(key: "created_at") var createdAt: Date

    init() {}
}
