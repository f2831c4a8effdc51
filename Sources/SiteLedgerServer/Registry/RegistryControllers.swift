import Vapor
import Fluent
import SiteLedgerCore

enum ProjectsController {
    @Sendable static func list(_ req: Request) async throws -> Page<ProjectDTO> {
        let principal = try req.requireCaller().principal
        guard !principal.isAdmin else { throw APIError.forbidden }
        let filter = ProjectFilter(
            text: try req.query.get(String?.self, at: "q"), regionPrefix: try req.query.get(String?.self, at: "region"),
            status: try req.query.get(ProjectStatus?.self, at: "status")
        )
        let regions = req.siteLedger.regions
        return try await filter.apply(to: ProjectScope.visible(to: principal, on: req.db))
            .page(PageRequest(from: req), by: \.$code) { try ProjectDTO($0, regions: regions) }
    }

    @Sendable static func create(_ req: Request) async throws -> Response {
        let fields = try req.content.decode(ProjectFields.self)
        guard let region = fields.regionCode else { throw APIError.missing("regionCode") }
        try req.authorize(.createProject(region: region))
        let regions = req.siteLedger.regions
        let project = try await req.write { try await ProjectService.create(fields, regions: regions, writes: $0) }
        return try await ProjectDTO(project, regions: regions).encodeResponse(status: .created, for: req)
    }

    @Sendable static func get(_ req: Request) async throws -> ProjectDTO {
        try await ProjectScope.snapshot(req.parameter("project"), .readProject, for: req.requireCaller().principal, ledger: req.siteLedger, on: req.db).dto
    }

    @Sendable static func update(_ req: Request) async throws -> ProjectDTO {
        let fields = try req.content.decode(ProjectFields.self)
        let project = try await project(req, .editProject)
        let regions = req.siteLedger.regions
        if let region = fields.regionCode, region != project.regionCode {
            throw APIError.invalid("regionCode", code: "immutable", en: "a project cannot move to another region", zh: "项目所属行政区划不可修改")
        }
        return try await ProjectDTO(req.write { try await ProjectService.update(project, with: fields, regions: regions, writes: $0) }, regions: regions)
    }

    @Sendable static func changeStatus(_ req: Request) async throws -> ProjectDTO {
        let body = try req.content.decode(StatusChangeRequest.self)
        let project = try await project(req, .changeProjectStatus)
        let regions = req.siteLedger.regions
        return try await ProjectDTO(req.write {
            try await ProjectService.changeStatus(project, to: body.status, note: body.note, regions: regions, writes: $0)
        }, regions: regions)
    }

    @Sendable static func participants(_ req: Request) async throws -> [ParticipantDTO] {
        try await ParticipantService.list(project(req, .readProject), on: req.db).map(ParticipantDTO.init)
    }

    @Sendable static func addParticipant(_ req: Request) async throws -> Response {
        let body = try req.content.decode(CreateParticipantRequest.self)
        let project = try await project(req, .manageParticipants)
        let participant = try await req.write { try await ParticipantService.add(body, to: project, writes: $0) }
        return try await ParticipantDTO(participant).encodeResponse(status: .created, for: req)
    }

    @Sendable static func updateParticipant(_ req: Request) async throws -> ParticipantDTO {
        let body = try req.content.decode(UpdateParticipantRequest.self)
        let project = try await project(req, .manageParticipants)
        let participant = try await ParticipantService.find(req.parameter("participant"), in: project, on: req.db)
        return try await ParticipantDTO(req.write { try await ParticipantService.update(participant, in: project, with: body, writes: $0) })
    }

    @Sendable static func buildings(_ req: Request) async throws -> [BuildingDTO] {
        try await BuildingService.list(project(req, .readProject), on: req.db).map(BuildingDTO.init)
    }

    @Sendable static func createBuilding(_ req: Request) async throws -> Response {
        let body = try req.content.decode(CreateBuildingRequest.self)
        let project = try await ProjectScope.snapshot(req.parameter("project"), .registerBuilding, for: req.requireCaller().principal, ledger: req.siteLedger, on: req.db).facts
        let format = req.siteLedger.buildingCodes
        let building = try await req.write { try await BuildingService.create(body, inProject: project.id, regionCode: project.regionCode, format: format, writes: $0) }
        return try await BuildingDTO(building).encodeResponse(status: .created, for: req)
    }

    private static func project(_ req: Request, _ action: Action) async throws -> Project {
        try await ProjectScope.authorized(req.parameter("project"), action, for: req.requireCaller().principal, on: req.db)
    }
}

enum BuildingsController {
    @Sendable static func get(_ req: Request) async throws -> BuildingDTO {
        try await BuildingDTO(building(req, .readProject))
    }

    @Sendable static func postEvent(_ req: Request) async throws -> Response {
        let body = try req.content.decode(PostBuildingEventRequest.self)
        let building = try await building(req, .postBuildingEvent)
        let event = try await req.write { try await BuildingService.post(body, to: building, writes: $0) }
        return try await BuildingEventDTO(event, buildingCode: building.code).encodeResponse(status: .created, for: req)
    }

    @Sendable static func timeline(_ req: Request) async throws -> Page<TimelineEntryDTO> {
        let building = try await building(req, .readProject)
        return try await BuildingService.timeline(of: building, page: PageRequest(from: req), on: req.db)
    }

    private static func building(_ req: Request, _ action: Action) async throws -> Building {
        try await ProjectScope.authorizedBuilding(code: req.parameters.get("code") ?? "", action, for: req.requireCaller().principal, on: req.db)
    }
}

enum RegionsController {
    struct RegionDTO: Content {
        let code: String
        let name: String
        let fullName: String
        let level: String
    }

    @Sendable static func list(_ req: Request) async throws -> [RegionDTO] {
        try req.authorize(.readDirectory)
        let table = req.siteLedger.regions
        let parent: String? = req.query["parent"]
        let regions = try parent.map { try table.children(of: Validate.region($0, "parent", in: table)) } ?? table.all
        return regions.map { RegionDTO(code: $0.code.value, name: $0.name, fullName: table.fullName(of: $0.code) ?? $0.name, level: $0.code.level.rawValue) }
    }
}
