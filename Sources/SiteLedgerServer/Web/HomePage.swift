import Vapor
import Fluent
import SiteLedgerCore

/// The home page: what is in the signed-in user's scope, counted.
enum HomePage {
    struct StatusCount: Encodable, Sendable {
        let status: String
        let name: String
        let count: Int
    }

    struct Content: Encodable, Sendable {
        let scopeName: String
        let projects: Int
        let buildings: Int
        let organizations: Int
        let users: Int?
        let byStatus: [StatusCount]
    }

    @Sendable static func show(_ req: Request) async throws -> View {
        let principal = try req.requireCaller().principal
        let content = principal.isAdmin ? try await adminCounts(req) : try await scopeCounts(principal, req)
        return try await WebPages.render("home", title: "首页", section: "home", page: content, on: req)
    }

    private static func scopeCounts(_ principal: Principal, _ req: Request) async throws -> Content {
        let projects = try await ProjectScope.visible(to: principal, on: req.db).field(\.$id).field(\.$status).all()
        let projectIDs = projects.compactMap(\.id)
        let byStatus = ProjectStatus.allCases.map { status in
            StatusCount(status: status.rawValue, name: status.nameZH, count: projects.filter { $0.status == status }.count)
        }
        return Content(
            scopeName: scopeName(principal, regions: req.siteLedger.regions),
            projects: projectIDs.count,
            buildings: try await Building.query(on: req.db).filter(\.$project.$id ~~ Set(projectIDs)).count(),
            organizations: try await Organization.query(on: req.db).count(),
            users: nil, byStatus: byStatus
        )
    }

    private static func adminCounts(_ req: Request) async throws -> Content {
        Content(
            scopeName: "全平台", projects: try await Project.query(on: req.db).count(),
            buildings: try await Building.query(on: req.db).count(), organizations: try await Organization.query(on: req.db).count(),
            users: try await User.query(on: req.db).count(), byStatus: []
        )
    }

    private static func scopeName(_ principal: Principal, regions: RegionTable) -> String {
        guard principal.isRegulator, let jurisdiction = principal.jurisdiction else { return "本单位参建项目" }
        let padded = jurisdiction.padding(toLength: 6, withPad: "0", startingAt: 0)
        return ((try? RegionCode(padded)).flatMap(regions.fullName) ?? jurisdiction) + "辖区"
    }
}
