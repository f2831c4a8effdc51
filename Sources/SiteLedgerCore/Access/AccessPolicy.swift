import Foundation

/// What a principal wants to do. One case per endpoint family; the server maps each route
/// to exactly one of these and asks `AccessPolicy` before touching data.
public enum Action: Sendable, Hashable {
    case readDirectory                       // organizations and regions
    case manageOrganizations
    case manageUsers
    case manageAPIKeys(organization: UUID)
    case createProject(region: String)
    case readProject
    case editProject
    case changeProjectStatus
    case manageParticipants
    case registerBuilding
    case postBuildingEvent
}

/// The facts about a project that access depends on.
public struct ProjectFacts: Sendable {
    public let id: UUID
    public let regionCode: String
    /// Each participating organization and its roles in this project (参建类型).
    public let participants: [UUID: Set<ParticipationType>]

    public init(id: UUID, regionCode: String, participants: [UUID: Set<ParticipationType>]) {
        self.id = id
        self.regionCode = regionCode
        self.participants = participants
    }
}

public enum Decision: Sendable, Equatable {
    case allow
    case forbidden
    /// The caller may not know the thing exists: answer as if it did not.
    case notFound
}

/// The access rules of DESIGN.md, in one place.
///
/// - A regulator sees every project whose region starts with its jurisdiction and may
///   register, edit and move projects through their lifecycle there.
/// - An organization sees the projects it participates in; its managers write what its
///   role in the project calls for (the owner registers buildings and participants), its
///   staff read. API keys act for their organization, limited to their project scope.
/// - `admin` manages organizations, users and keys, and sees no project.
public enum AccessPolicy {
    public static func decide(_ principal: Principal, _ action: Action, project: ProjectFacts? = nil) -> Decision {
        if let project {
            return decide(principal, action, in: project)
        }
        switch action {
        case .readDirectory:
            return .allow
        case .manageOrganizations, .manageUsers:
            return allowIf(principal.isAdmin)
        case .manageAPIKeys(let organization):
            return allowIf(principal.isAdmin || (principal.role == .manager && !principal.isMachine && principal.organizationID == organization))
        case .createProject(let region):
            return allowIf(principal.oversees(region: region) || (principal.organizationKind == .owner && principal.role == .manager && !principal.isMachine))
        case .readProject, .editProject, .changeProjectStatus, .manageParticipants, .registerBuilding, .postBuildingEvent:
            return .notFound
        }
    }

    private static func decide(_ principal: Principal, _ action: Action, in project: ProjectFacts) -> Decision {
        if principal.oversees(region: project.regionCode) {
            return .allow
        }
        guard let roles = participation(of: principal, in: project) else {
            return principal.isAdmin ? .forbidden : .notFound
        }
        switch action {
        case .readProject, .readDirectory:
            return .allow
        case .postBuildingEvent:
            return allowIf(principal.role == .manager)
        case .editProject:
            return allowIf(principal.role == .manager && !roles.isDisjoint(with: [.owner, .generalContractor]))
        case .manageParticipants, .registerBuilding:
            return allowIf(principal.role == .manager && roles.contains(.owner))
        case .changeProjectStatus, .manageOrganizations, .manageUsers, .manageAPIKeys, .createProject:
            return .forbidden
        }
    }

    private static func participation(of principal: Principal, in project: ProjectFacts) -> Set<ParticipationType>? {
        guard let organization = principal.organizationID, let roles = project.participants[organization] else { return nil }
        if let scope = principal.projectScope, !scope.contains(project.id) { return nil }
        return roles
    }

    private static func allowIf(_ condition: Bool) -> Decision {
        condition ? .allow : .forbidden
    }
}
