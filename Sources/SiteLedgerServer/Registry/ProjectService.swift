import Fluent
import Foundation
import SiteLedgerCore

/// Registering projects, editing them and moving them through their lifecycle.
enum ProjectService {
    static func create(_ fields: ProjectFields, regions: RegionTable, writes: Writes, now: Date = Date()) async throws -> Project {
        let project = Project()
        project.id = UUID()
        guard let code = fields.code else { throw APIError.missing("code") }
        project.code = try Validate.code("code", "invalid_project_code") { () throws(CodeError) in try ProjectCode(code).value }
        project.status = .registered
        project.progressPercent = 0
        project.createdAt = now
        try apply(fields, to: project, regions: regions, creating: true)
        if try await Project.query(on: writes.database).filter(\.$code == project.code).count() > 0 {
            throw APIError.conflict("duplicate_project_code", en: "a project with code \(project.code) exists", zh: "项目代码 \(project.code) 已登记", field: "code")
        }
        try await project.create(on: writes.database)
        try await writes.record(change(project, kind: "project.registered", summary: "登记项目 \(project.name)", regions: regions, on: writes.database))
        if writes.caller.principal.organizationKind == .owner, let owner = writes.caller.principal.organizationID {
            _ = try await ParticipantService.add(
                CreateParticipantRequest(organizationId: owner, role: .owner, enteredOn: now.shanghaiDay, responsiblePerson: nil, responsibleTitle: nil),
                to: project, writes: writes
            )
        }
        return project
    }

    static func update(_ project: Project, with fields: ProjectFields, regions: RegionTable, writes: Writes) async throws -> Project {
        if let code = fields.code, code != project.code {
            throw APIError.invalid("code", code: "immutable", en: "the project code cannot change", zh: "项目代码不可修改")
        }
        try apply(fields, to: project, regions: regions, creating: false)
        try await project.save(on: writes.database)
        try await writes.record(change(project, kind: "project.updated", summary: "更新项目信息", regions: regions, on: writes.database))
        return project
    }

    static func changeStatus(_ project: Project, to target: ProjectStatus, note: String?, regions: RegionTable, writes: Writes) async throws -> Project {
        let current = project.status
        guard current.canTransition(to: target) else {
            throw APIError.conflict(
                "illegal_transition",
                en: "cannot move a project from \(current.rawValue) to \(target.rawValue)",
                zh: "项目状态不能从“\(current.nameZH)”变更为“\(target.nameZH)”", field: "status"
            )
        }
        if target == .permitted, project.permitNumber == nil {
            throw APIError.invalid("permitNumber", code: "missing_permit", en: "record the construction permit number first", zh: "请先登记施工许可证编号")
        }
        let reason = try Validate.optionalText(note, "note", max: 500)
        project.status = target
        project.updatedAt = Date()
        try await project.save(on: writes.database)
        let summary = "项目状态：\(current.nameZH) → \(target.nameZH)" + (reason.map { "（\($0)）" } ?? "")
        try await writes.record(change(project, kind: "project.status-changed", summary: summary, regions: regions, on: writes.database))
        return project
    }

    static func find(_ id: UUID, on db: any Database) async throws -> Project {
        guard let project = try await Project.find(id, on: db) else { throw APIError.notFound("project", zh: "项目") }
        return project
    }

    /// The facts `AccessPolicy` decides on. A participation ends on its exit day (退场).
    static func facts(_ project: Project, on db: any Database, today: String = Date().shanghaiDay) async throws -> ProjectFacts {
        let id = try project.requireID()
        let participants = try await Participant.query(on: db).filter(\.$project.$id == id).all()
        let current = participants.filter { ($0.exitedOn ?? "9999-12-31") > today }
        let former = participants.filter { ($0.exitedOn ?? "9999-12-31") <= today }
        let roles = Dictionary(grouping: current, by: { $0.$organization.id }).mapValues { Set($0.map(\.role)) }
        return ProjectFacts(id: id, regionCode: project.regionCode, participants: roles, formerParticipants: Set(former.map { $0.$organization.id }))
    }

    private static func apply(_ fields: ProjectFields, to project: Project, regions: RegionTable, creating: Bool) throws {
        func required<T>(_ value: T?, _ field: String, _ current: T?) throws -> T {
            guard let result = value ?? (creating ? nil : current) else { throw APIError.missing(field) }
            return result
        }
        project.name = try Validate.text(required(fields.name, "name", project.$name.value), "name")
        project.regionCode = try Validate.region(required(fields.regionCode, "regionCode", project.$regionCode.value), "regionCode", in: regions).value
        project.address = try Validate.text(required(fields.address, "address", project.$address.value), "address", max: 300)
        project.kind = try required(fields.kind, "kind", project.$kind.value)
        project.aboveSize = fields.aboveSize ?? (creating ? false : project.aboveSize)
        if let latitude = fields.latitude { project.latitude = try Validate.range(latitude, "latitude", -90...90) }
        if let longitude = fields.longitude { project.longitude = try Validate.range(longitude, "longitude", -180...180) }
        if let amount = fields.contractAmount { project.contractAmountFen = try fen(amount) }
        if let start = fields.plannedStart { project.plannedStart = try Validate.day(start, "plannedStart") }
        if let finish = fields.plannedFinish { project.plannedFinish = try Validate.day(finish, "plannedFinish") }
        if let start = project.plannedStart, let finish = project.plannedFinish, finish < start {
            throw APIError.invalid("plannedFinish", code: "before_start", en: "is before plannedStart", zh: "计划竣工日期早于计划开工日期")
        }
        if let permit = fields.permitNumber { project.permitNumber = try Validate.text(permit, "permitNumber", max: 64) }
        if let progress = fields.progressPercent { project.progressPercent = try Validate.range(progress, "progressPercent", 0...100) }
        project.updatedAt = Date()
    }

    private static func fen(_ yuan: Decimal) throws -> Int64 {
        var scaled = yuan * 100
        var rounded = Decimal()
        NSDecimalRound(&rounded, &scaled, 0, .plain)
        guard rounded == scaled, yuan >= 0, yuan <= 1_000_000_000_000 else {
            throw APIError.invalid("contractAmount", en: "must be yuan from 0 to 10^12 with at most two decimals", zh: "合同金额须为 0 至 1 万亿元，最多两位小数")
        }
        return NSDecimalNumber(decimal: rounded).int64Value
    }

    /// A project's changes concern every one of its buildings, so they go on all their timelines.
    static func change(_ project: Project, kind: String, summary: String, regions: RegionTable, on db: any Database) async throws -> Change {
        let buildings = try await BuildingService.ids(in: project, on: db)
        return try Change(
            kind: kind, subjectType: "project", subjectID: project.requireID(), subjectLabel: project.code,
            summary: summary, buildings: buildings, record: ProjectDTO(project, regions: regions)
        )
    }
}
