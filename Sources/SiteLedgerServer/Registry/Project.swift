import Fluent
import SQLKit
import Foundation
import SiteLedgerCore

/// A construction project (工程项目) under supervision.
final class Project: Model, @unchecked Sendable {
    static let schema = "projects"

    @ID(key: .id) var id: UUID?
    /// 项目代码 (GB/T 40058-2021).
    @Field(key: "code") var code: String
    @Field(key: "name") var name: String
    @Field(key: "region_code") var regionCode: String
    @Field(key: "address") var address: String
    @OptionalField(key: "latitude") var latitude: Double?
    @OptionalField(key: "longitude") var longitude: Double?
    @Field(key: "kind") var kind: ProjectKind
    /// 规模以上 — above the size threshold that brings stricter supervision.
    @Field(key: "above_size") var aboveSize: Bool
    /// Contract amount in fen (分), so that money is never a float.
    @OptionalField(key: "contract_amount_fen") var contractAmountFen: Int64?
    /// Calendar dates in Asia/Shanghai, `yyyy-MM-dd`.
    @OptionalField(key: "planned_start") var plannedStart: String?
    @OptionalField(key: "planned_finish") var plannedFinish: String?
    /// 施工许可证编号.
    @OptionalField(key: "permit_number") var permitNumber: String?
    @Field(key: "progress_percent") var progressPercent: Int
    @Field(key: "status") var status: ProjectStatus
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}
}

/// A party's part in a project (参建单位), with the national 参建类型 code.
final class Participant: Model, @unchecked Sendable {
    static let schema = "participants"

    @ID(key: .id) var id: UUID?
    @Parent(key: "project_id") var project: Project
    @Parent(key: "organization_id") var organization: Organization
    @Field(key: "role") var role: ParticipationType
    @Field(key: "entered_on") var enteredOn: String
    @OptionalField(key: "exited_on") var exitedOn: String?
    /// 项目负责人: 项目经理 for a contractor, 总监理工程师 for a supervisor.
    @OptionalField(key: "responsible_person") var responsiblePerson: String?
    @OptionalField(key: "responsible_title") var responsibleTitle: String?
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

/// A single building (单体) with its unified building code (房屋建筑统一编码).
final class Building: Model, @unchecked Sendable {
    static let schema = "buildings"

    @ID(key: .id) var id: UUID?
    @Field(key: "code") var code: String
    /// The `BuildingCodeFormat` that issued the code, so that formats can coexist.
    @Field(key: "code_format") var codeFormat: String
    @Parent(key: "project_id") var project: Project
    /// 幢号 as the permit names it, e.g. `3#`.
    @Field(key: "number") var number: String
    @Field(key: "name") var name: String
    @Field(key: "floors_above") var floorsAbove: Int
    @Field(key: "floors_below") var floorsBelow: Int
    @OptionalField(key: "height_m") var heightMeters: Double?
    @OptionalField(key: "floor_area_m2") var floorArea: Double?
    @OptionalField(key: "structure_type") var structureType: String?
    @OptionalField(key: "use") var use: String?
    @Field(key: "created_at") var createdAt: Date

    init() {}

    /// Inserts the new building unless its project already has one with its number, and says
    /// whether it did. Written out by hand: registering buildings is a hot write, and Fluent's
    /// model create spends most of its time reflecting on the model.
    func insert(on sql: any SQLDatabase) async throws -> Bool {
        let inserted = try await sql.raw("""
            INSERT INTO buildings (id, code, code_format, project_id, number, name, floors_above, floors_below, height_m, floor_area_m2, structure_type, use, created_at)
            VALUES (\(bind: requireID()), \(bind: code), \(bind: codeFormat), \(bind: $project.id), \(bind: number), \(bind: name), \(bind: floorsAbove), \(bind: floorsBelow), \(bind: heightMeters), \(bind: floorArea), \(bind: structureType), \(bind: use), \(bind: createdAt))
            ON CONFLICT (project_id, number) DO NOTHING RETURNING id
            """).first()
        $id.exists = inserted != nil
        return inserted != nil
    }
}

/// A lifecycle event another system posted under a building code (用码): design review,
/// permit, acceptance, property transaction, archive ...
final class BuildingEvent: Model, @unchecked Sendable {
    static let schema = "building_events"

    @ID(key: .id) var id: UUID?
    @Parent(key: "building_id") var building: Building
    @Field(key: "kind") var kind: BuildingEventKind
    @Field(key: "occurred_at") var occurredAt: Date
    @Field(key: "source_system") var sourceSystem: String
    @Field(key: "reference_number") var referenceNumber: String
    /// The posting system's own JSON, kept verbatim (canonical form).
    @Field(key: "payload") var payload: String
    @Field(key: "created_at") var createdAt: Date

    init() {}
}
