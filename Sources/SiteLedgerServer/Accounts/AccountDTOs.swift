import Vapor
import SiteLedgerCore

struct LoginRequest: Content {
    let username: String
    let password: String
}

struct LoginResponse: Content {
    let token: String
    let expiresAt: Date
    let user: UserDTO
}

struct PasswordChangeRequest: Content {
    let currentPassword: String
    let newPassword: String
}

struct OrganizationDTO: Content {
    let id: UUID
    let name: String
    let kind: OrganizationKind
    let kindName: String
    let creditCode: String
    let creditCodeConfirmed: Bool
    let regionCode: String
    let jurisdiction: String?
    let qualifications: [String]
    let createdAt: Date

    init(_ organization: Organization) throws {
        id = try organization.requireID()
        name = organization.name
        kind = organization.kind
        kindName = organization.kind.nameZH
        creditCode = organization.creditCode
        creditCodeConfirmed = organization.creditCodeConfirmed
        regionCode = organization.regionCode
        jurisdiction = organization.jurisdiction
        qualifications = organization.qualifications
        createdAt = organization.createdAt
    }
}

struct CreateOrganizationRequest: Content {
    let name: String
    let kind: OrganizationKind
    let creditCode: String
    let regionCode: String
    let qualifications: [String]?
    /// An administrator's confirmation that a registered code failing the check is real.
    let confirmCreditCode: Bool?
}

struct UpdateOrganizationRequest: Content {
    let name: String?
    let qualifications: [String]?
}

struct UserDTO: Content {
    let id: UUID
    let username: String
    let displayName: String
    let role: Principal.Role
    let organizationId: UUID?
    let disabled: Bool
    let createdAt: Date

    init(_ user: User) throws {
        id = try user.requireID()
        username = user.username
        displayName = user.displayName
        role = user.role
        organizationId = user.$organization.id
        disabled = user.disabled
        createdAt = user.createdAt
    }
}

struct CreateUserRequest: Content {
    let username: String
    let displayName: String
    let password: String
    let role: Principal.Role
    let organizationId: UUID?
}

struct UpdateUserRequest: Content {
    let displayName: String?
    let role: Principal.Role?
    let disabled: Bool?
}

struct APIKeyDTO: Content {
    let id: UUID
    let name: String
    let organizationId: UUID
    let prefix: String
    let projectScope: [UUID]?
    let canWrite: Bool
    let createdAt: Date
    let revokedAt: Date?

    init(_ key: APIKey) throws {
        id = try key.requireID()
        name = key.name
        organizationId = key.$organization.id
        prefix = key.prefix
        projectScope = key.projectScope
        canWrite = key.canWrite
        createdAt = key.createdAt
        revokedAt = key.revokedAt
    }
}

struct CreateAPIKeyRequest: Content {
    let name: String
    let organizationId: UUID
    let projectScope: [UUID]?
    let canWrite: Bool?
}

/// The key in full appears in this response only.
struct CreatedAPIKey: Content {
    let key: String
    let apiKey: APIKeyDTO
}

extension OrganizationDTO: LedgerRecord {
    static var derivedKeys: Set<String> { ["kindName"] }
}

extension UserDTO: LedgerRecord {
    /// A user's name (姓名) is personal information; the username is an account handle.
    static var personalKeys: Set<String> { ["displayName"] }
}

extension APIKeyDTO: LedgerRecord {}
