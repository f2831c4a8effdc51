import Foundation

/// What a principal wants to do. One case per endpoint family; the server maps each route
/// to exactly one of these and asks `AccessPolicy` before touching data.
public enum Action: Sendable, Hashable {
    case readDirectory                       // organizations and regions
    case manageOrganizations
    case manageUsers
    case manageAPIKeys(organization: UUID)
    /// The logged records of an organization's accounts and keys (存证记录).
    case readAccountRecords(organization: UUID?)
    case createProject(region: String)
    case readProject
    case editProject
    case changeProjectStatus
    case manageParticipants
    case registerBuilding
    case postBuildingEvent
    /// Register a project's monitoring devices (设备登记).
    case manageDevices
    /// Push a device's readings over HTTP; its vendor (集成商) may, project participant or not.
    case uploadReadings(vendor: UUID?)
    /// Acknowledge, assign and comment on a project's alarms (告警处置).
    case handleAlarms
    /// Answer an alarm with the site's rectification (整改回复): the contractor's duty.
    case rectifyAlarms
    /// Override the region's monitoring rules for one project.
    case setProjectRules
    /// Set a region's monitoring rule table (GB/T 2260 prefix).
    case setRegionRules(region: String)
    /// Import national control points (国控点) and their hourly data for a county.
    case importControlPoints(county: String)
}

/// The facts about a project that access depends on.
public struct ProjectFacts: Sendable {
    public let id: UUID
    public let regionCode: String
    /// Each organization taking part now and its roles in this project (参建类型).
    public let participants: [UUID: Set<ParticipationType>]
    /// Organizations that have left the project (退场): they keep reading its history.
    public let formerParticipants: Set<UUID>

    public init(id: UUID, regionCode: String, participants: [UUID: Set<ParticipationType>], formerParticipants: Set<UUID> = []) {
        self.id = id
        self.regionCode = regionCode
        self.participants = participants
        self.formerParticipants = formerParticipants.subtracting(participants.keys)
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
/// - A regulator sees every project whose region starts with its jurisdiction; its managers
///   may register, edit and move projects through their lifecycle there.
/// - An organization sees the projects it participates in; its managers write what its
///   role in the project calls for (the owner registers buildings and participants; owner and
///   general contractor register monitoring devices and push their readings).
/// - A device's vendor pushes its readings, whether or not it takes part in the project.
/// - Alarms are handled by the regulator and the owner, general contractor and supervisor;
///   only the general contractor answers them with its rectification. Rule tables and
///   national control points are the regulator's, for its own region.
/// - Staff read. API keys act for their organization as a manager (`canWrite`) or as staff,
///   and only within their project scope.
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
        case .readAccountRecords(let organization):
            return allowIf(principal.isAdmin || (principal.role == .manager && organization != nil && principal.organizationID == organization))
        case .setRegionRules(let area), .importControlPoints(let area):
            return allowIf(principal.role == .manager && principal.oversees(region: area))
        case .createProject(let region):
            let owner = principal.organizationKind == .owner && !principal.isMachine
            return allowIf(principal.role == .manager && (principal.oversees(region: region) || owner))
        case .readProject, .editProject, .changeProjectStatus, .manageParticipants, .registerBuilding, .postBuildingEvent,
             .manageDevices, .uploadReadings, .handleAlarms, .rectifyAlarms, .setProjectRules:
            return .notFound
        }
    }

    private static func decide(_ principal: Principal, _ action: Action, in project: ProjectFacts) -> Decision {
        if let scope = principal.projectScope, !scope.contains(project.id) {
            return .notFound
        }
        if case .uploadReadings(let vendor?) = action, principal.organizationID == vendor, principal.role == .manager {
            return .allow
        }
        let supervises = principal.oversees(region: project.regionCode)
        let roles = principal.organizationID.flatMap { project.participants[$0] }
        let former = principal.organizationID.map(project.formerParticipants.contains) ?? false
        guard supervises || roles != nil || former else {
            return principal.isAdmin ? .forbidden : .notFound
        }
        if action == .readProject || action == .readDirectory {
            return .allow
        }
        guard principal.role == .manager, supervises || roles != nil else { return .forbidden }
        if action == .rectifyAlarms { return allowIf(roles?.contains(.generalContractor) ?? false) }
        if supervises { return .allow }
        let participation = roles ?? []
        switch action {
        case .postBuildingEvent:
            return .allow
        case .editProject:
            return allowIf(!participation.isDisjoint(with: [.owner, .generalContractor]))
        case .manageParticipants, .registerBuilding:
            return allowIf(participation.contains(.owner))
        case .manageDevices, .uploadReadings:
            // The contractor installs and runs the site's monitors (扬尘监测由施工单位负责), the owner answers for them.
            return allowIf(!participation.isDisjoint(with: [.owner, .generalContractor]))
        case .handleAlarms:
            return allowIf(!participation.isDisjoint(with: [.owner, .generalContractor, .supervisor]))
        default:
            return .forbidden
        }
    }

    private static func allowIf(_ condition: Bool) -> Decision {
        condition ? .allow : .forbidden
    }
}
