import Vapor
import Fluent
import SiteLedgerCore

/// What every page's layout needs: who is signed in and which section is open.
struct PageFrame: Encodable, Sendable {
    let title: String
    let section: String
    let userName: String?
    let organizationName: String?
    let isAdmin: Bool
    let isSignedIn: Bool
}

/// A rendered page: the frame plus the page's own content.
struct PageContext<Content: Encodable & Sendable>: Encodable, Sendable {
    let frame: PageFrame
    let page: Content
}

/// One choice of a `<select>`.
struct SelectOption: Encodable, Sendable {
    let value: String
    let label: String
    var selected = false
}

enum WebPages {
    static func render<C: Encodable & Sendable>(_ template: String, title: String, section: String, page: C, on req: Request) async throws -> View {
        try await req.view.render(template, PageContext(frame: frame(title: title, section: section, on: req), page: page))
    }

    static func frame(title: String, section: String, on req: Request) async throws -> PageFrame {
        let caller = req.authentication?.caller
        let organization = try await caller?.principal.organizationID.asyncMap { try await Organization.find($0, on: req.db) }
        return PageFrame(
            title: title, section: section, userName: caller?.label, organizationName: organization??.name,
            isAdmin: caller?.principal.isAdmin ?? false, isSignedIn: caller != nil
        )
    }

    struct ErrorPage: Encodable, Sendable {
        let status: UInt
        let heading: String
        let message: String
    }

    /// Errors on browser routes: sign-in for 401, a page in the layout for the rest.
    @Sendable static func errorPage(_ req: Request, _ error: APIError) async -> Response {
        if error.status == .unauthorized {
            return req.redirect(to: "/login?next=\(req.url.path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? "/")")
        }
        let page = ErrorPage(status: error.status.code, heading: heading(for: error.status), message: error.message)
        do {
            let view = try await render("error", title: page.heading, section: "", page: page, on: req)
            let response = try await view.encodeResponse(for: req)
            response.status = error.status
            return response
        } catch {
            req.logger.error("error page failed: \(String(reflecting: error))")
            return Response(status: .internalServerError, body: .init(string: "服务器内部错误"))
        }
    }

    private static func heading(for status: HTTPResponseStatus) -> String {
        switch status.code {
        case 403: "无权访问"
        case 404: "页面不存在"
        case 409: "操作冲突"
        case 400, 422: "提交的内容有误"
        case 429: "操作过于频繁"
        default: "服务器内部错误"
        }
    }
}

/// Sends visitors who are not signed in to the sign-in page.
struct RequireSignIn: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.authentication != nil else { throw APIError.unauthenticated }
        return try await next.respond(to: request)
    }
}

struct WebFeature: Feature {
    var migrations: [any Migration] { [] }

    func routes(api: any RoutesBuilder, unauthenticated: any RoutesBuilder, web: any RoutesBuilder) throws {
        web.grouped(RequireSignIn()).get(use: HomePage.show)
    }
}
