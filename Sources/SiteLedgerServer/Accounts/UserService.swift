import Fluent
import Foundation
import SiteLedgerCore

enum UserService {
    static func create(_ request: CreateUserRequest, passwords: Passwords, writes: Writes) async throws -> User {
        let db = writes.database
        let user = User()
        user.id = UUID()
        user.username = try username(request.username)
        user.displayName = try Validate.text(request.displayName, "displayName", max: 100)
        user.role = request.role
        try PasswordRule.check(request.password, field: "password")
        switch (request.role, request.organizationId) {
        case (.admin, _):
            user.$organization.id = nil
        case (_, let organizationID?):
            guard try await Organization.find(organizationID, on: db) != nil else {
                throw APIError.invalid("organizationId", code: "unknown_organization", en: "no such organization", zh: "单位不存在")
            }
            user.$organization.id = organizationID
        case (_, nil):
            throw APIError.missing("organizationId")
        }
        if try await User.query(on: db).filter(\.$username == user.username).count() > 0 {
            throw APIError.conflict("duplicate_username", en: "this username is taken", zh: "用户名已被使用", field: "username")
        }
        user.passwordHash = try await passwords.hash(request.password)
        user.disabled = false
        user.createdAt = Date()
        try await user.create(on: db)
        try writes.record(change(user, kind: "user.created", summary: "创建用户 \(user.username)"))
        return user
    }

    static func update(_ user: User, with request: UpdateUserRequest, writes: Writes) async throws -> User {
        if let displayName = request.displayName { user.displayName = try Validate.text(displayName, "displayName", max: 100) }
        if let role = request.role {
            guard (role == .admin) == (user.role == .admin) else {
                throw APIError.invalid("role", code: "invalid_role_change", en: "cannot move an account between admin and organization roles", zh: "不能在平台管理员与单位角色之间变更")
            }
            user.role = role
        }
        if let disabled = request.disabled {
            user.disabled = disabled
            if disabled {
                try await UserSession.query(on: writes.database).filter(\.$user.$id == user.requireID()).filter(\.$revokedAt == nil)
                    .set(\.$revokedAt, to: Date()).update()
            }
        }
        try await user.save(on: writes.database)
        try writes.record(change(user, kind: "user.updated", summary: "更新用户 \(user.username)"))
        return user
    }

    static func find(_ id: UUID, on db: any Database) async throws -> User {
        guard let user = try await User.find(id, on: db) else { throw APIError.notFound("user", zh: "用户") }
        return user
    }

    private static func username(_ raw: String) throws -> String {
        let name = try Validate.text(raw, "username", max: 64)
        guard name.count >= 3, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }) else {
            throw APIError.invalid("username", code: "invalid_username", en: "use 3 to 64 letters, digits, '.', '_' or '-'", zh: "用户名须为 3 至 64 位字母、数字或 . _ -")
        }
        return name
    }

    private static func change(_ user: User, kind: String, summary: String) throws -> Change {
        try Change(kind: kind, subjectType: "user", subjectID: user.requireID(), subjectLabel: user.username, summary: summary, record: UserDTO(user))
    }
}
