import Vapor
import Fluent
import SiteLedgerCore

/// A feature folder's one registration point: its migrations and its routes.
protocol Feature: Sendable {
    var migrations: [any Migration] { get }
    /// `api` is `/api/v1` with a caller required; `unauthenticated` is the API without; `web` is `/`.
    func routes(api: any RoutesBuilder, unauthenticated: any RoutesBuilder, web: any RoutesBuilder) throws
}

extension Request {
    /// Asks `AccessPolicy`, and answers 403 or 404 as it decides.
    @discardableResult
    func authorize(_ action: Action, project: ProjectFacts? = nil) throws -> Caller {
        let caller = try requireCaller()
        switch AccessPolicy.decide(caller.principal, action, project: project) {
        case .allow: return caller
        case .forbidden: throw APIError.forbidden
        case .notFound: throw APIError.notFound("project", zh: "项目")
        }
    }

    func parameter(_ name: String) throws -> UUID {
        guard let text = parameters.get(name), let id = UUID(uuidString: text) else {
            throw APIError.notFound(name, zh: "资源")
        }
        return id
    }

    /// Runs `body` on the single write path as this request's caller.
    func write<T: Sendable>(_ body: @escaping @Sendable (Writes) async throws -> T) async throws -> T {
        try await siteLedger.writePath.perform(on: db, by: requireCaller(), body)
    }
}
