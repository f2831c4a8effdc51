import Vapor

/// The one way SiteLedger fails: a status, a stable machine code, a bilingual message naming
/// the field, and the field itself. `ErrorMiddleware` turns it into
/// `{"error": {"code", "message", "field"}}` (API) or an error page (web).
struct APIError: AbortError, Sendable {
    let status: HTTPResponseStatus
    let code: String
    let message: String
    let field: String?

    var reason: String { message }

    init(_ status: HTTPResponseStatus, code: String, en: String, zh: String, field: String? = nil) {
        self.status = status
        self.code = code
        self.field = field
        let subject = field.map { "\($0): " } ?? ""
        self.message = "\(subject)\(en) / \(zh)"
    }

    static func malformed(_ en: String, zh: String, field: String? = nil) -> APIError {
        APIError(.badRequest, code: "malformed_request", en: en, zh: zh, field: field)
    }

    static func invalid(_ field: String, code: String = "invalid_value", en: String, zh: String) -> APIError {
        APIError(.unprocessableEntity, code: code, en: en, zh: zh, field: field)
    }

    static func missing(_ field: String) -> APIError {
        invalid(field, code: "missing_field", en: "is required", zh: "必填")
    }

    static func notFound(_ what: String, zh: String) -> APIError {
        APIError(.notFound, code: "not_found", en: "\(what) not found", zh: "\(zh)不存在")
    }

    static func conflict(_ code: String, en: String, zh: String, field: String? = nil) -> APIError {
        APIError(.conflict, code: code, en: en, zh: zh, field: field)
    }

    static let unauthenticated = APIError(.unauthorized, code: "unauthenticated", en: "missing or invalid credentials", zh: "未登录或凭据无效")
    static let forbidden = APIError(.forbidden, code: "forbidden", en: "not allowed for your role", zh: "当前角色无权执行此操作")
}

struct ErrorBody: Content {
    struct Detail: Content {
        let code: String
        let message: String
        let field: String?
    }
    let error: Detail
}
