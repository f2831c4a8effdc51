import Vapor
import Fluent
import SiteLedgerCore

/// A feature folder's one registration point: its migrations and its routes.
protocol Feature: Sendable {
    var migrations: [any Migration] { get }
    /// `api` is `/api/v1` with a caller required; `unauthenticated` is the API without; `web` is `/`.
    func routes(api: any RoutesBuilder, unauthenticated: any RoutesBuilder, web: any RoutesBuilder) throws
    /// The kinds of subject whose changes this feature logs.
    var ledgerSubjects: [LedgerSubject] { get }
}

extension Feature {
    var ledgerSubjects: [LedgerSubject] { [] }
}

extension Decision {
    /// Answers 403 when forbidden, and 404 — as if `hidden` did not exist — when the caller may
    /// not know it exists.
    func enforce(hidden: @autoclosure () -> APIError = APIError.notFound("project", zh: "项目")) throws {
        switch self {
        case .allow: return
        case .forbidden: throw APIError.forbidden
        case .notFound: throw hidden()
        }
    }
}

extension Request {
    /// Asks `AccessPolicy`, and answers 403 or 404 as it decides.
    @discardableResult
    func authorize(_ action: Action, project: ProjectFacts? = nil) throws -> Caller {
        let caller = try requireCaller()
        try AccessPolicy.decide(caller.principal, action, project: project).enforce()
        return caller
    }

    func parameter(_ name: String) throws -> UUID {
        guard let text = parameters.get(name), let id = UUID(uuidString: text) else {
            throw APIError.notFound(name, zh: "资源")
        }
        return id
    }

    /// Runs `body` on the single write path as this request's caller; the response will
    /// carry the evidence of what it logged (see `EvidenceMiddleware`).
    func write<T: Sendable>(_ body: @escaping @Sendable (Writes) async throws -> T) async throws -> T {
        let (value, evidence) = try await siteLedger.writePath.performWithEvidence(on: db, by: requireCaller(), body)
        if let first = evidence.first { storage[EvidenceMiddleware.Key.self] = first }
        return value
    }
}
