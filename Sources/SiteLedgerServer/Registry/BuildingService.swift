import Fluent
import SQLKit
import Foundation
import SiteLedgerCore

/// Buildings, their codes (赋码), the events other systems post under a code (用码), and the
/// timeline that gathers everything recorded about one building (信息归集).
enum BuildingService {
    static func create(
        _ request: CreateBuildingRequest, inProject projectID: UUID, regionCode: String, format: any BuildingCodeFormat, writes: Writes, now: Date = Date()
    ) async throws -> Building {
        let db = writes.database
        let building = Building()
        building.id = UUID()
        building.$project.id = projectID
        building.number = try Validate.text(request.number, "number", max: 32)
        building.name = try Validate.text(request.name, "name")
        building.floorsAbove = try Validate.range(request.floorsAbove, "floorsAbove", 0...300)
        building.floorsBelow = try Validate.range(request.floorsBelow ?? 0, "floorsBelow", 0...30)
        building.heightMeters = try request.height.map { try Validate.range($0, "height", 0...1000) }
        building.floorArea = try request.floorArea.map { try Validate.range($0, "floorArea", 0...10_000_000) }
        building.structureType = try Validate.optionalText(request.structureType, "structureType", max: 50)
        building.use = try Validate.optionalText(request.use, "use", max: 50)
        building.createdAt = now
        let county = try RegionCode(regionCode)
        let year = Calendar.shanghai.component(.year, from: now)
        building.code = try await BuildingCodeAllocator.next(county: county, year: year, format: format, writes: writes)
        building.codeFormat = format.name
        guard try await building.insert(on: db as! any SQLDatabase) else {
            throw APIError.conflict("duplicate_building_number", en: "the project already has building \(building.number)", zh: "本项目已有 \(building.number) 幢", field: "number")
        }
        try writes.record(Change(
            kind: "building.registered", subjectType: "building", subjectID: building.requireID(), subjectLabel: building.code,
            summary: "赋码 \(building.code)：\(building.name)", buildings: [building.requireID()], record: BuildingDTO(building)
        ))
        return building
    }

    static func post(_ request: PostBuildingEventRequest, to building: Building, writes: Writes) async throws -> BuildingEvent {
        let db = writes.database
        let event = BuildingEvent()
        event.id = UUID()
        event.$building.id = try building.requireID()
        event.kind = request.kind
        event.occurredAt = request.occurredAt
        event.sourceSystem = try Validate.text(request.sourceSystem, "sourceSystem", max: 100)
        event.referenceNumber = try Validate.text(request.referenceNumber, "referenceNumber", max: 100)
        event.payload = try Change.canonicalJSON(request.payload ?? .object([:]))
        event.createdAt = Date()
        let duplicate = try await BuildingEvent.query(on: db).filter(\.$building.$id == event.$building.id)
            .filter(\.$sourceSystem == event.sourceSystem).filter(\.$referenceNumber == event.referenceNumber).count()
        guard duplicate == 0 else {
            throw APIError.conflict("duplicate_event", en: "\(event.sourceSystem) already posted \(event.referenceNumber) for this building", zh: "该来源系统已提交过此编号的事项", field: "referenceNumber")
        }
        try await event.create(on: db)
        try writes.record(Change(
            kind: "building.event-posted", subjectType: "building-event", subjectID: event.requireID(), subjectLabel: building.code,
            summary: "\(event.kind.nameZH)（\(event.sourceSystem) \(event.referenceNumber)）", occurredAt: event.occurredAt,
            buildings: [building.requireID()], record: BuildingEventDTO(event, buildingCode: building.code)
        ))
        return event
    }

    static func find(code: String, on db: any Database) async throws -> Building {
        guard let building = try await Building.query(on: db).filter(\.$code == code.uppercased()).with(\.$project).first() else {
            throw APIError.notFound("building \(code)", zh: "房屋编码 \(code) ")
        }
        return building
    }

    /// The buildings whose timelines a project-wide change belongs on.
    static func ids(in project: Project, on db: any Database) async throws -> [UUID] {
        try await Building.query(on: db).filter(\.$project.$id == project.requireID()).all(\.$id)
    }

    static func list(_ project: Project, on db: any Database) async throws -> [Building] {
        try await Building.query(on: db).filter(\.$project.$id == project.requireID()).sort(\.$number).all()
    }

    static func timeline(of building: Building, page: PageRequest, on db: any Database) async throws -> Page<TimelineEntryDTO> {
        try await TimelineLink.query(on: db).filter(\.$buildingID == building.requireID()).with(\.$change)
            .page(page, by: \.$sortKey) { link in
                let change = link.change
                return TimelineEntryDTO(
                    occurredAt: change.occurredAt, recordedAt: change.recordedAt, kind: change.kind, summary: change.summary,
                    subjectType: change.subjectType, subjectId: change.subjectID, subjectLabel: change.subjectLabel,
                    actor: change.actorLabel, recordSha256: change.recordSHA256
                )
            }
    }
}
