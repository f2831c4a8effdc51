import Vapor
import Fluent

/// One page of a list: cursor pagination (`limit`, `cursor` → `nextCursor`) per DESIGN.md.
struct Page<Item: Codable & Sendable>: Content {
    let items: [Item]
    let nextCursor: String?
}

/// `limit` and `cursor` as the caller sent them, validated.
struct PageRequest: Sendable {
    static let defaultLimit = 50
    static let maxLimit = 200

    let limit: Int
    /// The sort key of the last item of the previous page.
    let after: String?

    init(limit: Int = PageRequest.defaultLimit, after: String? = nil) {
        self.limit = limit
        self.after = after
    }

    init(from request: Request) throws {
        let limitText: String? = request.query["limit"]
        let cursor: String? = request.query["cursor"]
        guard let limit = limitText.map(Int.init) ?? Self.defaultLimit, (1...Self.maxLimit).contains(limit) else {
            throw APIError.invalid("limit", en: "must be an integer from 1 to \(Self.maxLimit)", zh: "必须是 1 到 \(Self.maxLimit) 的整数")
        }
        self.limit = limit
        self.after = try cursor.map(Self.decode)
    }

    static func encode(_ key: String) -> String {
        Data(key.utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ cursor: String) throws -> String {
        var base64 = cursor.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard cursor.count <= 512, let data = Data(base64Encoded: base64), let key = String(data: data, encoding: .utf8) else {
            throw APIError.invalid("cursor", en: "is not a cursor this server issued", zh: "分页游标无效")
        }
        return key
    }
}

extension QueryBuilder {
    /// Fetches one page ordered by a unique string key, and the cursor to the next.
    func page<Item>(
        _ request: PageRequest,
        by key: KeyPath<Model, FieldProperty<Model, String>>,
        map: (Model) throws -> Item
    ) async throws -> Page<Item> {
        if let after = request.after { filter(key > after) }
        let rows = try await sort(key).limit(request.limit + 1).all()
        let shown = rows.prefix(request.limit)
        let next = rows.count > request.limit ? shown.last.map { PageRequest.encode($0[keyPath: key].value ?? "") } : nil
        return Page(items: try shown.map(map), nextCursor: next)
    }
}
