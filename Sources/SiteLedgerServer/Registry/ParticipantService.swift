import Fluent
import Foundation
import SiteLedgerCore

/// The parties of a project (参建单位) and their roles.
enum ParticipantService {
    static func add(_ request: CreateParticipantRequest, to project: Project, writes: Writes) async throws -> Participant {
        let db = writes.database
        let projectID = try project.requireID()
        guard let organization = try await Organization.find(request.organizationId, on: db) else {
            throw APIError.invalid("organizationId", code: "unknown_organization", en: "no such organization", zh: "单位不存在")
        }
        guard organization.kind != .regulator else {
            throw APIError.invalid("organizationId", code: "regulator_not_participant", en: "a regulator supervises projects, it does not participate", zh: "监管部门不能作为参建单位")
        }
        let duplicate = try await Participant.query(on: db).filter(\.$project.$id == projectID)
            .filter(\.$organization.$id == request.organizationId).filter(\.$role == request.role).count()
        guard duplicate == 0 else {
            throw APIError.conflict("duplicate_participant", en: "this organization already has this role in the project", zh: "该单位已以此身份参建", field: "role")
        }
        let participant = Participant()
        participant.id = UUID()
        participant.$project.id = projectID
        participant.$organization.id = request.organizationId
        participant.$organization.value = organization
        participant.role = request.role
        participant.enteredOn = try Validate.day(request.enteredOn, "enteredOn")
        participant.responsiblePerson = try Validate.optionalText(request.responsiblePerson, "responsiblePerson", max: 50)
        participant.responsibleTitle = try Validate.optionalText(request.responsibleTitle, "responsibleTitle", max: 50)
        participant.createdAt = Date()
        try await participant.create(on: db)
        try await writes.record(change(participant, project: project, kind: "participant.added", summary: "\(organization.name) 以\(request.role.nameZH)身份进场", on: db))
        return participant
    }

    static func update(_ participant: Participant, in project: Project, with request: UpdateParticipantRequest, writes: Writes) async throws -> Participant {
        if let exited = request.exitedOn {
            let day = try Validate.day(exited, "exitedOn")
            guard day >= participant.enteredOn else {
                throw APIError.invalid("exitedOn", code: "before_entry", en: "is before enteredOn", zh: "退场日期早于进场日期")
            }
            participant.exitedOn = day
        }
        if let person = request.responsiblePerson { participant.responsiblePerson = try Validate.optionalText(person, "responsiblePerson", max: 50) }
        if let title = request.responsibleTitle { participant.responsibleTitle = try Validate.optionalText(title, "responsibleTitle", max: 50) }
        try await participant.save(on: writes.database)
        let summary = request.exitedOn != nil ? "参建单位退场" : "更新参建单位信息"
        try await writes.record(change(participant, project: project, kind: "participant.updated", summary: summary, on: writes.database))
        return participant
    }

    static func list(_ project: Project, on db: any Database) async throws -> [Participant] {
        try await Participant.query(on: db).filter(\.$project.$id == project.requireID()).with(\.$organization)
            .sort(\.$role).sort(\.$enteredOn).all()
    }

    static func find(_ id: UUID, in project: Project, on db: any Database) async throws -> Participant {
        guard let participant = try await Participant.query(on: db).filter(\.$id == id).filter(\.$project.$id == project.requireID())
            .with(\.$organization).first()
        else { throw APIError.notFound("participant", zh: "参建单位") }
        return participant
    }

    private static func change(_ participant: Participant, project: Project, kind: String, summary: String, on db: any Database) async throws -> Change {
        let buildings = try await BuildingService.ids(in: project, on: db)
        return try Change(
            kind: kind, subjectType: "participant", subjectID: participant.requireID(), subjectLabel: project.code,
            summary: summary, buildings: buildings, record: ParticipantDTO(participant)
        )
    }
}
