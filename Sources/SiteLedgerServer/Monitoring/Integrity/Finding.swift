import Vapor
import Fluent
import Foundation
import SiteLedgerCore

/// 数据异常线索 — what an integrity detector found in a device's data, with its evidence.
final class Finding: Model, @unchecked Sendable {
    static let schema = "integrity_findings"

    @ID(key: .id) var id: UUID?
    @Parent(key: "project_id") var project: Project
    @Parent(key: "device_id") var device: Device
    @Field(key: "device_mn") var deviceMN: String
    @Field(key: "kind") var kind: FindingKind
    @OptionalField(key: "factor") var factor: Factor?
    @OptionalField(key: "other_device_mn") var otherDeviceMN: String?
    @Field(key: "from_time") var from: Date
    @Field(key: "to_time") var to: Date
    @Field(key: "evidence") var evidence: [String: String]
    @Field(key: "explanation") var explanation: String
    @Field(key: "detected_at") var detectedAt: Date

    init() {}
}

struct CreateFindings: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Finding.schema)
            .id()
            .field("project_id", .uuid, .required, .references(Project.schema, .id))
            .field("device_id", .uuid, .required, .references(Device.schema, .id))
            .field("device_mn", .string, .required)
            .field("kind", .string, .required)
            .field("factor", .string)
            .field("other_device_mn", .string)
            .field("from_time", .datetime, .required)
            .field("to_time", .datetime, .required)
            .field("evidence", .dictionary(of: .string), .required)
            .field("explanation", .string, .required)
            .field("detected_at", .datetime, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Finding.schema).delete()
    }
}

struct FindingDTO: Content, LedgerRecord {
    let id: UUID
    let projectId: UUID
    let deviceId: UUID
    let deviceMN: String
    let kind: FindingKind
    let factor: Factor?
    let otherDeviceMN: String?
    let from: Date
    let to: Date
    let evidence: [String: String]
    let explanation: String
    let detectedAt: Date

    init(_ finding: Finding) {
        id = finding.id!
        projectId = finding.$project.id
        deviceId = finding.$device.id
        deviceMN = finding.deviceMN
        kind = finding.kind
        factor = finding.factor
        otherDeviceMN = finding.otherDeviceMN
        from = finding.from
        to = finding.to
        evidence = finding.evidence
        explanation = finding.explanation
        detectedAt = finding.detectedAt
    }
}
