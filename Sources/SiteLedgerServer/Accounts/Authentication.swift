import Vapor
import Fluent
import JWT
import SiteLedgerCore

/// Resolves who is calling from a bearer token (session JWT or API key) or, for web pages,
/// the session cookie. Requests without credentials pass through as anonymous; routes that
/// need a caller use `RequireCaller`.
struct Authentication: AsyncMiddleware {
    static let cookieName = "siteledger_session"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let credential = Self.credential(of: request) {
            request.authentication = try await Self.resolve(credential, on: request)
        }
        return try await next.respond(to: request)
    }

    private enum Credential {
        case sessionToken(String)
        case apiKey(String)
    }

    private static func credential(of request: Request) -> Credential? {
        if let bearer = request.headers.bearerAuthorization?.token {
            return bearer.hasPrefix(APIKeyMaterial.prefix) ? .apiKey(bearer) : .sessionToken(bearer)
        }
        if let key = request.headers.first(name: "X-API-Key") {
            return .apiKey(key)
        }
        if !request.url.path.hasPrefix("/api/"), let cookie = request.cookies[cookieName]?.string {
            return .sessionToken(cookie)
        }
        return nil
    }

    private static func resolve(_ credential: Credential, on request: Request) async throws -> Authenticated? {
        let key = switch credential {
        case .sessionToken(let token): token
        case .apiKey(let apiKey): apiKey
        }
        return try await request.siteLedger.caches.callers.value(for: key) { try await lookUp(credential, on: request) }
    }

    private static func lookUp(_ credential: Credential, on request: Request) async throws -> Authenticated? {
        switch credential {
        case .sessionToken(let token):
            guard let claims = try? await request.jwt.verify(token, as: SessionToken.self) else { return nil }
            return try await CallerDirectory.session(claims.sid, on: request.db)
        case .apiKey(let key):
            return try await CallerDirectory.apiKey(key, on: request.db)
        }
    }
}

/// The resolved caller and, for people, the session they use.
struct Authenticated: Sendable {
    let caller: Caller
    let sessionID: UUID?
}

/// Answers 401 when no valid credentials came with the request.
struct RequireCaller: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.authentication != nil else { throw APIError.unauthenticated }
        return try await next.respond(to: request)
    }
}

extension Request {
    private struct Key: StorageKey { typealias Value = Authenticated }

    var authentication: Authenticated? {
        get { storage[Key.self] }
        set { storage[Key.self] = newValue }
    }

    func requireCaller() throws -> Caller {
        guard let caller = authentication?.caller else { throw APIError.unauthenticated }
        return caller
    }
}

/// Turns credentials into callers by reading users, keys and their organizations.
enum CallerDirectory {
    static func session(_ id: UUID, on db: any Database, now: Date = Date()) async throws -> Authenticated? {
        guard let session = try await UserSession.query(on: db).filter(\.$id == id).with(\.$user).first(),
              session.revokedAt == nil, session.expiresAt > now, !session.user.disabled
        else { return nil }
        let user = session.user
        let organization = try await user.$organization.get(on: db)
        let principal = Principal(
            userID: try user.requireID(), organizationID: organization?.id, organizationKind: organization?.kind,
            role: user.role, jurisdiction: organization?.jurisdiction
        )
        return Authenticated(caller: Caller(principal: principal, label: user.username), sessionID: id)
    }

    static func apiKey(_ key: String, on db: any Database) async throws -> Authenticated? {
        guard let row = try await APIKey.query(on: db).filter(\.$keyHash == APIKeyMaterial.hash(key)).with(\.$organization).first(),
              row.revokedAt == nil
        else { return nil }
        let organization = row.organization
        let principal = Principal(
            apiKeyID: try row.requireID(), organizationID: try organization.requireID(), organizationKind: organization.kind,
            role: row.canWrite ? .manager : .staff, jurisdiction: organization.jurisdiction,
            projectScope: row.projectScope.map(Set.init)
        )
        return Authenticated(caller: Caller(principal: principal, label: "key:\(row.name)"), sessionID: nil)
    }
}
