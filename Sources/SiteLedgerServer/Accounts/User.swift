import Fluent
import Foundation
import SiteLedgerCore

/// A person's account. Every user but the platform admin belongs to one organization.
final class User: Model, @unchecked Sendable {
    static let schema = "users"

    @ID(key: .id) var id: UUID?
    @Field(key: "username") var username: String
    @Field(key: "display_name") var displayName: String
    @Field(key: "password_hash") var passwordHash: String
    @Field(key: "role") var role: Principal.Role
    @OptionalParent(key: "organization_id") var organization: Organization?
    @Field(key: "disabled") var disabled: Bool
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

/// A machine client's credential (vendors, integrations): shown once, stored as a hash.
final class APIKey: Model, @unchecked Sendable {
    static let schema = "api_keys"

    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    @Parent(key: "organization_id") var organization: Organization
    /// First characters of the key, so people can tell keys apart.
    @Field(key: "prefix") var prefix: String
    /// SHA-256 of the whole key: keys carry 256 random bits, so a fast hash is enough.
    @Field(key: "key_hash") var keyHash: String
    /// Projects the key is limited to; nil for all of its organization's projects.
    @OptionalField(key: "project_scope") var projectScope: [UUID]?
    @Field(key: "can_write") var canWrite: Bool
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "revoked_at") var revokedAt: Date?

    init() {}
}

/// A signed-in session, web or API. Tokens name it, so logout and password change revoke.
final class UserSession: Model, @unchecked Sendable {
    static let schema = "sessions"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "revoked_at") var revokedAt: Date?

    init() {}
}

/// Failed logins per username, for the back-off.
final class LoginFailure: Model, @unchecked Sendable {
    static let schema = "login_failures"

    @ID(key: .id) var id: UUID?
    @Field(key: "username") var username: String
    @Field(key: "failures") var failures: Int
    @Field(key: "last_failure_at") var lastFailureAt: Date
    @OptionalField(key: "locked_until") var lockedUntil: Date?

    init() {}
}
