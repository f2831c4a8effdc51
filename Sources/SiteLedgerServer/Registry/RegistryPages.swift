import Vapor
import Fluent
import SiteLedgerCore

/// The console's project and building pages (项目, 单体建筑).
enum RegistryPages {
    static func routes(_ web: any RoutesBuilder) {
        let pages = web.grouped(RequireSignIn())
        pages.get("projects", use: projects)
        pages.get("projects", ":project", use: project)
        pages.get("buildings", ":code", use: building)
    }

    struct ProjectList: Encodable, Sendable {
        let projects: [ProjectDTO]
        let q: String
        let regions: [SelectOption]
        let statuses: [SelectOption]
        let nextURL: String?
    }

    @Sendable static func projects(_ req: Request) async throws -> View {
        let principal = try req.requireCaller().principal
        guard !principal.isAdmin else { throw APIError.forbidden }
        let q = (req.query[String.self, at: "q"] ?? "").trimmingCharacters(in: .whitespaces)
        let region = req.query[String.self, at: "region"] ?? ""
        let status = (req.query[String.self, at: "status"]).flatMap(ProjectStatus.init(rawValue:))
        let table = req.siteLedger.regions
        let page = try await ProjectFilter(text: q, regionPrefix: region, status: status)
            .apply(to: ProjectScope.visible(to: principal, on: req.db))
            .page(PageRequest(from: req), by: \.$code) { try ProjectDTO($0, regions: table) }
        var next = URLComponents()
        next.path = "/projects"
        next.queryItems = [.init(name: "q", value: q), .init(name: "region", value: region),
                           .init(name: "status", value: status?.rawValue ?? ""), .init(name: "cursor", value: page.nextCursor)]
        let content = ProjectList(
            projects: page.items, q: q,
            regions: regionOptions(for: principal, table: table, selected: region),
            statuses: ProjectStatus.allCases.map { SelectOption(value: $0.rawValue, label: $0.nameZH, selected: $0 == status) },
            nextURL: page.nextCursor == nil ? nil : next.string
        )
        return try await WebPages.render("projects", title: "项目", section: "projects", page: content, on: req)
    }

    /// Regions worth filtering by: the caller's jurisdiction and what lies below it.
    private static func regionOptions(for principal: Principal, table: RegionTable, selected: String) -> [SelectOption] {
        let prefix = principal.jurisdiction ?? ""
        return table.all.filter { $0.code.value.hasPrefix(prefix) && $0.code.level != .province || $0.code.jurisdictionPrefix == prefix }
            .prefix(200)
            .map { SelectOption(value: $0.code.jurisdictionPrefix, label: table.fullName(of: $0.code) ?? $0.name, selected: $0.code.jurisdictionPrefix == selected) }
    }

    struct ProjectPage: Encodable, Sendable {
        let project: ProjectDTO
        let participants: [ParticipantDTO]
        let buildings: [BuildingDTO]
        let kindName: String
        let contractAmount: String?
    }

    @Sendable static func project(_ req: Request) async throws -> View {
        let project = try await ProjectScope.authorized(req.parameter("project"), .readProject, for: req.requireCaller().principal, on: req.db)
        let dto = try ProjectDTO(project, regions: req.siteLedger.regions)
        let content = ProjectPage(
            project: dto,
            participants: try await ParticipantService.list(project, on: req.db).map(ParticipantDTO.init),
            buildings: try await BuildingService.list(project, on: req.db).map(BuildingDTO.init),
            kindName: project.kind.nameZH,
            contractAmount: dto.contractAmount.map { "\(NSDecimalNumber(decimal: $0 / 10000).stringValue) 万元" }
        )
        return try await WebPages.render("project", title: project.name, section: "projects", page: content, on: req)
    }

    struct TimelineRow: Encodable, Sendable {
        let entry: TimelineEntryDTO
        /// Asia/Shanghai wall-clock time, as people on site read it.
        let time: String
    }

    struct BuildingPage: Encodable, Sendable {
        let building: BuildingDTO
        let project: ProjectDTO
        let timeline: [TimelineRow]
        let nextURL: String?
    }

    @Sendable static func building(_ req: Request) async throws -> View {
        let building = try await ProjectScope.authorizedBuilding(
            code: req.parameters.get("code") ?? "", .readProject, for: req.requireCaller().principal, on: req.db
        )
        let timeline = try await BuildingService.timeline(of: building, page: PageRequest(from: req), on: req.db)
        let content = BuildingPage(
            building: try BuildingDTO(building), project: try ProjectDTO(building.project, regions: req.siteLedger.regions),
            timeline: timeline.items.map { TimelineRow(entry: $0, time: $0.occurredAt.shanghaiMinute) }, nextURL: timeline.nextCursor.map { "/buildings/\(building.code)?cursor=\($0)" }
        )
        return try await WebPages.render("building", title: "\(building.name) \(building.code)", section: "projects", page: content, on: req)
    }
}
