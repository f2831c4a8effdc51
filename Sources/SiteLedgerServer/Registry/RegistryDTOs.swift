import Vapor
import SiteLedgerCore

struct ProjectDTO: Content {
    let id: UUID
    let code: String
    let name: String
    let regionCode: String
    let regionName: String?
    let address: String
    let latitude: Double?
    let longitude: Double?
    let kind: ProjectKind
    let aboveSize: Bool
    /// Yuan, with fen as the fraction.
    let contractAmount: Decimal?
    let plannedStart: String?
    let plannedFinish: String?
    let permitNumber: String?
    let progressPercent: Int
    let status: ProjectStatus
    let statusName: String
    let createdAt: Date
    let updatedAt: Date

    init(_ project: Project, regions: RegionTable) throws {
        id = try project.requireID()
        code = project.code
        name = project.name
        regionCode = project.regionCode
        regionName = (try? RegionCode(project.regionCode)).flatMap(regions.fullName)
        address = project.address
        latitude = project.latitude
        longitude = project.longitude
        kind = project.kind
        aboveSize = project.aboveSize
        contractAmount = project.contractAmountFen.map { Decimal($0) / 100 }
        plannedStart = project.plannedStart
        plannedFinish = project.plannedFinish
        permitNumber = project.permitNumber
        progressPercent = project.progressPercent
        status = project.status
        statusName = project.status.nameZH
        createdAt = project.createdAt
        updatedAt = project.updatedAt
    }
}

/// Fields a project is registered or edited with; on edit, absent fields stay as they are.
struct ProjectFields: Content {
    var code: String?
    var name: String?
    var regionCode: String?
    var address: String?
    var latitude: Double?
    var longitude: Double?
    var kind: ProjectKind?
    var aboveSize: Bool?
    var contractAmount: Decimal?
    var plannedStart: String?
    var plannedFinish: String?
    var permitNumber: String?
    var progressPercent: Int?
}

struct StatusChangeRequest: Content {
    let status: ProjectStatus
    let note: String?
}

struct ParticipantDTO: Content {
    let id: UUID
    let projectId: UUID
    let organizationId: UUID
    let organizationName: String?
    let role: ParticipationType
    let roleName: String
    let enteredOn: String
    let exitedOn: String?
    let responsiblePerson: String?
    let responsibleTitle: String?

    init(_ participant: Participant) throws {
        id = try participant.requireID()
        projectId = participant.$project.id
        organizationId = participant.$organization.id
        organizationName = participant.$organization.value?.name
        role = participant.role
        roleName = participant.role.nameZH
        enteredOn = participant.enteredOn
        exitedOn = participant.exitedOn
        responsiblePerson = participant.responsiblePerson
        responsibleTitle = participant.responsibleTitle
    }
}

struct CreateParticipantRequest: Content {
    let organizationId: UUID
    let role: ParticipationType
    let enteredOn: String
    let responsiblePerson: String?
    let responsibleTitle: String?
}

struct UpdateParticipantRequest: Content {
    let exitedOn: String?
    let responsiblePerson: String?
    let responsibleTitle: String?
}

struct BuildingDTO: Content {
    let id: UUID
    let code: String
    let projectId: UUID
    let number: String
    let name: String
    let floorsAbove: Int
    let floorsBelow: Int
    let height: Double?
    let floorArea: Double?
    let structureType: String?
    let use: String?
    let createdAt: Date

    init(_ building: Building) throws {
        id = try building.requireID()
        code = building.code
        projectId = building.$project.id
        number = building.number
        name = building.name
        floorsAbove = building.floorsAbove
        floorsBelow = building.floorsBelow
        height = building.heightMeters
        floorArea = building.floorArea
        structureType = building.structureType
        use = building.use
        createdAt = building.createdAt
    }
}

struct CreateBuildingRequest: Content {
    let number: String
    let name: String
    let floorsAbove: Int
    let floorsBelow: Int?
    let height: Double?
    let floorArea: Double?
    let structureType: String?
    let use: String?
}

struct BuildingEventDTO: Content {
    let id: UUID
    let buildingCode: String
    let kind: BuildingEventKind
    let kindName: String
    let occurredAt: Date
    let sourceSystem: String
    let referenceNumber: String
    let payload: JSONValue

    init(_ event: BuildingEvent, buildingCode: String) throws {
        id = try event.requireID()
        self.buildingCode = buildingCode
        kind = event.kind
        kindName = event.kind.nameZH
        occurredAt = event.occurredAt
        sourceSystem = event.sourceSystem
        referenceNumber = event.referenceNumber
        payload = (try? JSONDecoder().decode(JSONValue.self, from: Data(event.payload.utf8))) ?? .null
    }
}

struct PostBuildingEventRequest: Content {
    let kind: BuildingEventKind
    let occurredAt: Date
    let sourceSystem: String
    let referenceNumber: String
    let payload: JSONValue?
}

struct TimelineEntryDTO: Content {
    let occurredAt: Date
    let recordedAt: Date
    let kind: String
    let summary: String
    let subjectType: String
    let subjectId: UUID
    let subjectLabel: String
    let actor: String
    let recordSha256: String
}

extension ProjectDTO: LedgerRecord {
    static var derivedKeys: Set<String> { ["regionName", "statusName"] }
}

extension ParticipantDTO: LedgerRecord {
    static var derivedKeys: Set<String> { ["organizationName", "roleName"] }
    /// 项目负责人 is a person's name.
    static var personalKeys: Set<String> { ["responsiblePerson"] }
}

extension BuildingDTO: LedgerRecord {}

extension BuildingEventDTO: LedgerRecord {
    static var derivedKeys: Set<String> { ["kindName"] }
}
