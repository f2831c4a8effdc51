import Vapor
import Fluent

/// Maps every error to `APIError`, so that no input produces a raw 500. Unknown errors are
/// logged with the request id and answered with a generic 500 that leaks nothing; a request
/// that waited too long for a database connection is told to retry (503).
struct ErrorMiddleware: AsyncMiddleware {
    /// Renders an error for browser routes; API routes always get JSON.
    let renderPage: @Sendable (Request, APIError) async -> Response

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            let apiError = Self.classify(error, logger: request.logger)
            if apiError.status == .internalServerError {
                request.logger.error("unhandled error: \(String(reflecting: error))")
            }
            if request.url.path.hasPrefix("/api/") || !request.acceptsHTML {
                return Self.json(apiError, headers: (error as? any AbortError)?.headers ?? [:])
            }
            return await renderPage(request, apiError)
        }
    }

    static func json(_ error: APIError, headers: HTTPHeaders = [:]) -> Response {
        var headers = headers
        headers.contentType = .json
        let body = ErrorBody(error: .init(code: error.code, message: error.message, field: error.field))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        let data = (try? encoder.encode(body)) ?? Data()
        return Response(status: error.status, headers: headers, body: .init(data: data))
    }

    static func classify(_ error: any Error, logger: Logger) -> APIError {
        switch error {
        case let error as APIError:
            return error
        case let error as DecodingError:
            return decoding(error)
        case let error as any DatabaseError where error.isConstraintFailure:
            return .conflict("conflict", en: "the record conflicts with an existing one", zh: "与已有记录冲突")
        case let error as any AbortError:
            return abort(error)
        case is ConnectionPoolTimeoutError:
            return APIError(.serviceUnavailable, code: "busy", en: "the server is busy; retry shortly", zh: "服务器繁忙，请稍后重试")
        default:
            return APIError(.internalServerError, code: "internal_error", en: "internal error", zh: "服务器内部错误")
        }
    }

    private static func abort(_ error: any AbortError) -> APIError {
        switch error.status {
        case .payloadTooLarge:
            return APIError(.payloadTooLarge, code: "payload_too_large", en: "request body is too large", zh: "请求体过大")
        case .notFound:
            return APIError(.notFound, code: "not_found", en: "no such resource", zh: "资源不存在")
        case .unsupportedMediaType:
            return APIError(.unsupportedMediaType, code: "unsupported_media_type", en: "send application/json", zh: "请使用 application/json")
        case .badRequest:
            return .malformed(error.reason, zh: "请求格式错误")
        default:
            return APIError(error.status, code: "http_\(error.status.code)", en: error.reason, zh: error.reason)
        }
    }

    private static func decoding(_ error: DecodingError) -> APIError {
        switch error {
        case let .keyNotFound(key, context):
            return .missing(path(context.codingPath + [key]))
        case let .typeMismatch(_, context) where context.codingPath.isEmpty:
            return .malformed("body must be a JSON object", zh: "请求体须为 JSON 对象")
        case let .typeMismatch(type, context):
            return .invalid(path(context.codingPath), code: "wrong_type", en: "expected \(typeName(type))", zh: "类型错误，应为\(typeName(type))")
        case let .valueNotFound(type, context):
            return .invalid(path(context.codingPath), code: "wrong_type", en: "expected \(typeName(type)), got null", zh: "不能为空")
        case let .dataCorrupted(context) where !context.codingPath.isEmpty:
            return .invalid(path(context.codingPath), en: context.debugDescription, zh: "取值无效")
        default:
            return .malformed("body is not valid JSON", zh: "请求体不是有效的 JSON")
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "string"
        case is Int.Type, is Double.Type, is Decimal.Type: "number"
        case is Bool.Type: "boolean"
        default: "\(type)".lowercased()
        }
    }
}

extension Request {
    var acceptsHTML: Bool {
        headers[.accept].contains { $0.contains("text/html") }
    }
}
