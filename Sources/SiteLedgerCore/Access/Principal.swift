import Foundation

/// Who is asking: a person signed in, or a machine client holding an API key.
public struct Principal: Sendable, Hashable {
    /// Platform role of a user account. `admin` runs the platform (organizations, users,
    /// keys), not the projects.
    public enum Role: String, Sendable, Codable, CaseIterable {
        case admin, manager, staff
    }

    public let userID: UUID?
    public let apiKeyID: UUID?
    public let organizationID: UUID?
    public let organizationKind: OrganizationKind?
    public let role: Role
    /// GB/T 2260 prefix a regulator oversees (`32`, `3201`, `320102`).
    public let jurisdiction: String?
    /// Projects an API key is limited to; `nil` means every project of its organization.
    public let projectScope: Set<UUID>?

    public init(
        userID: UUID? = nil, apiKeyID: UUID? = nil, organizationID: UUID?, organizationKind: OrganizationKind?,
        role: Role, jurisdiction: String? = nil, projectScope: Set<UUID>? = nil
    ) {
        self.userID = userID
        self.apiKeyID = apiKeyID
        self.organizationID = organizationID
        self.organizationKind = organizationKind
        self.role = role
        self.jurisdiction = jurisdiction
        self.projectScope = projectScope
    }

    public var isAdmin: Bool { role == .admin }
    public var isMachine: Bool { apiKeyID != nil }
    public var isRegulator: Bool { organizationKind == .regulator && jurisdiction != nil }

    public func oversees(region: String) -> Bool {
        guard isRegulator, let jurisdiction else { return false }
        return region.hasPrefix(jurisdiction)
    }
}
