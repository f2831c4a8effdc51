import Fluent
import Foundation
import SiteLedgerCore

/// A party on the platform: a regulator, an owner, a contractor, a testing agency ...
final class Organization: Model, @unchecked Sendable {
    static let schema = "organizations"

    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    @Field(key: "kind") var kind: OrganizationKind
    /// 统一社会信用代码 (GB 32100-2015).
    @Field(key: "credit_code") var creditCode: String
    /// Set when an administrator accepted a registered code that fails the check character.
    @Field(key: "credit_code_confirmed") var creditCodeConfirmed: Bool
    @Field(key: "region_code") var regionCode: String
    /// GB/T 2260 prefix a regulator oversees; nil for every other kind.
    @OptionalField(key: "jurisdiction") var jurisdiction: String?
    /// 资质: qualification certificates as issued, e.g. 建筑工程施工总承包壹级.
    @Field(key: "qualifications") var qualifications: [String]
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

