import Vapor
import SiteLedgerCore

/// What registering a device takes.
struct RegisterDeviceRequest: Content {
    let kind: DeviceKind
    let mn: String
    let password: String
    let name: String
    let vendorId: UUID?
    let latitude: Double?
    let longitude: Double?
    let particulateScale: Double?
    let systemCode: String?
    let intervalSeconds: Int?
}

/// A device as the API shows it and the ledger records it; never its password.
struct DeviceDTO: Content, LedgerRecord {
    let id: UUID
    let projectId: UUID
    let kind: DeviceKind
    let mn: String
    let name: String
    let vendorId: UUID?
    let latitude: Double?
    let longitude: Double?
    let particulateScale: Double
    let systemCode: String
    let intervalSeconds: Int
    let active: Bool
    let createdAt: Date

    init(_ device: Device) throws {
        id = try device.requireID()
        projectId = device.$project.id
        kind = device.kind
        mn = device.mn
        name = device.name
        vendorId = device.$vendor.id
        latitude = device.latitude
        longitude = device.longitude
        particulateScale = device.particulateScale
        systemCode = device.systemCode
        intervalSeconds = device.intervalSeconds
        active = device.active
        createdAt = device.createdAt
    }
}

/// `POST /api/v1/readings`: what a vendor's platform pushes, in HJ 212's terms.
struct UploadReadingsRequest: Content {
    struct Item: Codable {
        let mn: String
        /// The HJ 212 CN the data would have come with: 2011, 2051, 2061 or 2031.
        let kind: Int
        let dataTime: Date
        /// Factor code → value: `Rtd` for real-time data, the period's `Avg` otherwise.
        let values: [String: Double]
        /// Factor code → data flag, where not N.
        let flags: [String: String]?
    }

    let readings: [Item]
}

struct UploadReadingsResponse: Content {
    /// Readings now stored; one sent before (same device, series and DataTime) counts, unchanged.
    let accepted: Int
}
