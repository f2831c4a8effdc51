import Vapor
import Fluent
import JWT
import SiteLedgerCore

enum AuthController {
    @Sendable static func login(_ req: Request) async throws -> LoginResponse {
        let body = try req.content.decode(LoginRequest.self)
        let success = try await LoginService.login(username: body.username, password: body.password, on: req.db, ledger: req.siteLedger)
        return try await LoginResponse(
            token: sign(success.session, on: req), expiresAt: success.session.expiresAt, user: UserDTO(success.user)
        )
    }

    static func sign(_ session: UserSession, on req: Request) async throws -> String {
        try await req.jwt.sign(SessionToken(
            sid: session.requireID(), sub: .init(value: session.$user.id.uuidString), exp: .init(value: session.expiresAt)
        ))
    }

    @Sendable static func logout(_ req: Request) async throws -> HTTPStatus {
        guard let session = req.authentication?.sessionID else {
            throw APIError(.badRequest, code: "not_a_session", en: "API keys are revoked, not logged out", zh: "接口密钥请使用吊销")
        }
        try await LoginService.logout(session: session, on: req.db, writePath: req.siteLedger.writePath)
        req.siteLedger.caches.callers.removeAll()
        return .noContent
    }

    @Sendable static func changePassword(_ req: Request) async throws -> HTTPStatus {
        let body = try req.content.decode(PasswordChangeRequest.self)
        let session = req.authentication?.sessionID
        let passwords = req.siteLedger.passwords
        try await req.write { writes in
            try await LoginService.changePassword(
                current: body.currentPassword, new: body.newPassword, caller: writes.caller, keepSession: session,
                writes: writes, passwords: passwords
            )
        }
        return .noContent
    }

    struct Me: Content {
        let user: UserDTO?
        let organization: OrganizationDTO?
        let apiKeyId: UUID?
    }

    @Sendable static func me(_ req: Request) async throws -> Me {
        let principal = try req.requireCaller().principal
        let user = try await principal.userID.asyncMap { try await UserService.find($0, on: req.db) }
        let organization = try await principal.organizationID.asyncMap { try await OrganizationService.find($0, on: req.db) }
        return try Me(user: user.map(UserDTO.init), organization: organization.map(OrganizationDTO.init), apiKeyId: principal.apiKeyID)
    }
}

enum OrganizationsController {
    @Sendable static func list(_ req: Request) async throws -> Page<OrganizationDTO> {
        try req.authorize(.readDirectory)
        var query = Organization.query(on: req.db)
        if let kind = try req.query.get(OrganizationKind?.self, at: "kind") { query = query.filter(\.$kind == kind) }
        return try await query.page(PageRequest(from: req), by: \.$creditCode, map: OrganizationDTO.init)
    }

    @Sendable static func create(_ req: Request) async throws -> Response {
        try req.authorize(.manageOrganizations)
        let body = try req.content.decode(CreateOrganizationRequest.self)
        let regions = req.siteLedger.regions
        let organization = try await req.write { try await OrganizationService.create(body, regions: regions, writes: $0) }
        return try await OrganizationDTO(organization).encodeResponse(status: .created, for: req)
    }

    @Sendable static func get(_ req: Request) async throws -> OrganizationDTO {
        try req.authorize(.readDirectory)
        return try await OrganizationDTO(OrganizationService.find(req.parameter("organization"), on: req.db))
    }

    @Sendable static func update(_ req: Request) async throws -> OrganizationDTO {
        try req.authorize(.manageOrganizations)
        let body = try req.content.decode(UpdateOrganizationRequest.self)
        let organization = try await OrganizationService.find(req.parameter("organization"), on: req.db)
        return try await OrganizationDTO(req.write { try await OrganizationService.update(organization, with: body, writes: $0) })
    }
}

enum UsersController {
    @Sendable static func list(_ req: Request) async throws -> Page<UserDTO> {
        try req.authorize(.manageUsers)
        var query = User.query(on: req.db)
        if let organization = try req.query.get(UUID?.self, at: "organizationId") { query = query.filter(\.$organization.$id == organization) }
        return try await query.page(PageRequest(from: req), by: \.$username, map: UserDTO.init)
    }

    @Sendable static func create(_ req: Request) async throws -> Response {
        try req.authorize(.manageUsers)
        let body = try req.content.decode(CreateUserRequest.self)
        let passwords = req.siteLedger.passwords
        let user = try await req.write { try await UserService.create(body, passwords: passwords, writes: $0) }
        return try await UserDTO(user).encodeResponse(status: .created, for: req)
    }

    @Sendable static func get(_ req: Request) async throws -> UserDTO {
        try req.authorize(.manageUsers)
        return try await UserDTO(UserService.find(req.parameter("user"), on: req.db))
    }

    @Sendable static func update(_ req: Request) async throws -> UserDTO {
        try req.authorize(.manageUsers)
        let body = try req.content.decode(UpdateUserRequest.self)
        let user = try await UserService.find(req.parameter("user"), on: req.db)
        return try await UserDTO(req.write { try await UserService.update(user, with: body, writes: $0) })
    }
}

enum APIKeysController {
    @Sendable static func list(_ req: Request) async throws -> Page<APIKeyDTO> {
        let principal = try req.requireCaller().principal
        guard let organization = try req.query.get(UUID?.self, at: "organizationId") ?? principal.organizationID else {
            throw APIError.missing("organizationId")
        }
        try req.authorize(.manageAPIKeys(organization: organization))
        return try await APIKey.query(on: req.db).filter(\.$organization.$id == organization)
            .page(PageRequest(from: req), by: \.$prefix, map: APIKeyDTO.init)
    }

    @Sendable static func create(_ req: Request) async throws -> Response {
        let body = try req.content.decode(CreateAPIKeyRequest.self)
        try req.authorize(.manageAPIKeys(organization: body.organizationId))
        let created = try await req.write { try await APIKeyService.create(body, writes: $0) }
        return try await created.encodeResponse(status: .created, for: req)
    }

    @Sendable static func revoke(_ req: Request) async throws -> APIKeyDTO {
        guard let key = try await APIKey.find(req.parameter("key"), on: req.db) else {
            throw APIError.notFound("api key", zh: "接口密钥")
        }
        guard AccessPolicy.decide(try req.requireCaller().principal, .manageAPIKeys(organization: key.$organization.id)) == .allow else {
            throw APIError.notFound("api key", zh: "接口密钥")
        }
        return try await APIKeyDTO(req.write { try await APIKeyService.revoke(key, writes: $0) })
    }
}
