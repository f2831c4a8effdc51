import Fluent
import SQLKit
import SiteLedgerCore
import Foundation

/// The projects a principal may see, as a query filter: the list-shaped twin of
/// `AccessPolicy.decide(_:.readProject:)`, so lists and counts agree with single reads.
enum ProjectScope {
    static func visible(to principal: Principal, on db: any Database) async throws -> QueryBuilder<Project> {
        let visibility = try await self.visibility(of: principal, on: db)
        let query = Project.query(on: db)
        if let ids = visibility.ids { query.filter(\.$id ~~ ids) }
        if let prefix = visibility.regionPrefix { query.filter(\.$regionCode =~ prefix) }
        return query
    }

    /// The same condition for a SQL select from `projects`: for lists too long to read as models.
    static func visible(to principal: Principal, in select: SQLSelectBuilder, on db: any Database) async throws -> SQLSelectBuilder {
        let visibility = try await self.visibility(of: principal, on: db)
        if let ids = visibility.ids { select.where(SQLColumn("id", table: Project.schema), .in, SQLGroupExpression(ids.isEmpty ? [SQLLiteral.null] : ids.map { SQLBind($0) })) }
        if let prefix = visibility.regionPrefix { select.where(SQLColumn("region_code", table: Project.schema), .like, SQLBind(prefix + "%")) }
        return select
    }

    /// Which projects a principal sees: only `ids` when set, only those whose region code
    /// starts with `regionPrefix` when set.
    private struct Visibility {
        var ids: Set<UUID>?
        var regionPrefix: String?
    }

    private static func visibility(of principal: Principal, on db: any Database) async throws -> Visibility {
        var visibility = Visibility(ids: principal.projectScope)
        if principal.isRegulator, let jurisdiction = principal.jurisdiction {
            visibility.regionPrefix = jurisdiction
            return visibility
        }
        let participating = try await principal.organizationID.asyncMap { organization in
            Set(try await Participant.query(on: db).filter(\.$organization.$id == organization).all(\.$project.$id))
        } ?? []
        visibility.ids = visibility.ids?.intersection(participating) ?? participating
        return visibility
    }

    /// The project if the principal may do `action` on it; 404 or 403 otherwise.
    static func authorized(_ id: UUID, _ action: Action, for principal: Principal, on db: any Database) async throws -> Project {
        let project = try await ProjectService.find(id, on: db)
        try AccessPolicy.decide(principal, action, project: try await ProjectService.facts(project, on: db)).enforce()
        return project
    }

    /// A project as `GET /projects/{id}` shows it, from the read cache when it is there, if the
    /// principal may do `action` on it; 404 or 403 otherwise.
    static func snapshot(_ id: UUID, _ action: Action, for principal: Principal, ledger: SiteLedger, on db: any Database) async throws -> ProjectSnapshot {
        let snapshot = try await ledger.caches.projects.value(for: id) {
            guard let project = try await Project.find(id, on: db) else { return nil }
            return try await ProjectSnapshot(dto: ProjectDTO(project, regions: ledger.regions), facts: ProjectService.facts(project, on: db))
        }
        guard let snapshot else { throw APIError.notFound("project", zh: "项目") }
        try AccessPolicy.decide(principal, action, project: snapshot.facts).enforce()
        return snapshot
    }

    /// The building if the principal may do `action` on its project. A building the caller
    /// may not see is reported missing, exactly like one that does not exist.
    static func authorizedBuilding(code: String, _ action: Action, for principal: Principal, on db: any Database) async throws -> Building {
        let building = try await BuildingService.find(code: code, on: db)
        try AccessPolicy.decide(principal, action, project: try await ProjectService.facts(building.project, on: db))
            .enforce(hidden: APIError.notFound("building \(code)", zh: "房屋编码 \(code) "))
        return building
    }
}

/// A project's public form and its access facts, immutable so it can be shared by requests.
struct ProjectSnapshot: Sendable {
    let dto: ProjectDTO
    let facts: ProjectFacts
}

/// What the project list can be narrowed by.
struct ProjectFilter: Sendable {
    var text: String?
    var regionPrefix: String?
    var status: ProjectStatus?

    func apply(to query: QueryBuilder<Project>) -> QueryBuilder<Project> {
        if let text, !text.isEmpty {
            query.group(.or) { $0.filter(\.$name ~~ text).filter(\.$code =~ text.uppercased()) }
        }
        if let regionPrefix, !regionPrefix.isEmpty { query.filter(\.$regionCode =~ regionPrefix) }
        if let status { query.filter(\.$status == status) }
        return query
    }
}
