import Fluent
import Foundation
import SiteLedgerCore

enum APIKeyService {
    static func create(_ request: CreateAPIKeyRequest, writes: Writes) async throws -> CreatedAPIKey {
        let db = writes.database
        guard let organization = try await Organization.find(request.organizationId, on: db) else {
            throw APIError.invalid("organizationId", code: "unknown_organization", en: "no such organization", zh: "单位不存在")
        }
        if let scope = request.projectScope {
            try await checkScope(scope, of: organization, on: db)
        }
        let secret = APIKeyMaterial.generate()
        let key = APIKey()
        key.id = UUID()
        key.name = try Validate.text(request.name, "name", max: 100)
        key.$organization.id = request.organizationId
        key.prefix = String(secret.prefix(12))
        key.keyHash = APIKeyMaterial.hash(secret)
        key.projectScope = request.projectScope
        key.canWrite = request.canWrite ?? false
        key.createdAt = Date()
        try await key.create(on: db)
        try writes.record(change(key, kind: "api-key.created", summary: "创建接口密钥 \(key.name)"))
        return CreatedAPIKey(key: secret, apiKey: try APIKeyDTO(key))
    }

    /// A key may be limited only to projects its organization can see; one answer for a
    /// project that does not exist and one the organization may not see, so that the check
    /// cannot be used to learn which projects exist.
    private static func checkScope(_ scope: [UUID], of organization: Organization, on db: any Database) async throws {
        guard !scope.isEmpty, scope.count <= 1000 else {
            throw APIError.invalid("projectScope", en: "must list 1 to 1000 projects, or be omitted for all", zh: "须列出 1 至 1000 个项目，或省略表示全部")
        }
        let holder = Principal(
            organizationID: try organization.requireID(), organizationKind: organization.kind, role: .staff, jurisdiction: organization.jurisdiction
        )
        let visible = try await ProjectScope.visible(to: holder, on: db).filter(\.$id ~~ Set(scope)).count()
        guard visible == Set(scope).count else {
            throw APIError.invalid("projectScope", code: "unknown_project", en: "names a project the organization does not take part in", zh: "包含本单位未参建的项目")
        }
    }

    static func revoke(_ key: APIKey, writes: Writes) async throws -> APIKey {
        guard key.revokedAt == nil else { return key }
        key.revokedAt = Date()
        try await key.save(on: writes.database)
        try writes.record(change(key, kind: "api-key.revoked", summary: "吊销接口密钥 \(key.name)"))
        return key
    }

    private static func change(_ key: APIKey, kind: String, summary: String) throws -> Change {
        try Change(kind: kind, subjectType: "api-key", subjectID: key.requireID(), subjectLabel: key.prefix, summary: summary, record: APIKeyDTO(key))
    }
}
