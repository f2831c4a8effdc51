import Fluent
import Foundation
import SiteLedgerCore

enum OrganizationService {
    static func create(_ request: CreateOrganizationRequest, regions: RegionTable, writes: Writes) async throws -> Organization {
        let organization = Organization()
        organization.id = UUID()
        organization.name = try Validate.text(request.name, "name")
        organization.kind = request.kind
        (organization.creditCode, organization.creditCodeConfirmed) = try creditCode(request.creditCode, confirmed: request.confirmCreditCode == true)
        let region = try Validate.region(request.regionCode, "regionCode", in: regions)
        organization.regionCode = region.value
        organization.jurisdiction = request.kind == .regulator ? region.jurisdictionPrefix : nil
        organization.qualifications = try (request.qualifications ?? []).enumerated().map { try Validate.text($1, "qualifications[\($0)]") }
        organization.createdAt = Date()
        if try await Organization.query(on: writes.database).filter(\.$creditCode == organization.creditCode).count() > 0 {
            throw APIError.conflict("duplicate_credit_code", en: "an organization with this credit code exists", zh: "该统一社会信用代码已登记", field: "creditCode")
        }
        try await organization.create(on: writes.database)
        try writes.record(change(organization, kind: "organization.created", summary: "登记单位 \(organization.name)"))
        return organization
    }

    static func update(_ organization: Organization, with request: UpdateOrganizationRequest, writes: Writes) async throws -> Organization {
        if let name = request.name { organization.name = try Validate.text(name, "name") }
        if let qualifications = request.qualifications {
            organization.qualifications = try qualifications.enumerated().map { try Validate.text($1, "qualifications[\($0)]") }
        }
        try await organization.save(on: writes.database)
        try writes.record(change(organization, kind: "organization.updated", summary: "更新单位 \(organization.name)"))
        return organization
    }

    static func find(_ id: UUID, on db: any Database) async throws -> Organization {
        guard let organization = try await Organization.find(id, on: db) else {
            throw APIError.notFound("organization", zh: "单位")
        }
        return organization
    }

    /// GB 32100-2015: a code failing its check character is accepted only when an
    /// administrator confirms it (some registered codes do fail).
    private static func creditCode(_ raw: String, confirmed: Bool) throws -> (String, Bool) {
        do {
            return (try CreditCode(raw).value, false)
        } catch let error {
            let normalized = raw.trimmingCharacters(in: .whitespaces).uppercased()
            if confirmed, case .checkCharacterMismatch = error, CreditCode.isStructurallyValid(normalized) {
                return (normalized, true)
            }
            throw APIError.invalid("creditCode", code: "invalid_credit_code", en: error.message, zh: error.messageZH)
        }
    }

    private static func change(_ organization: Organization, kind: String, summary: String) throws -> Change {
        try Change(
            kind: kind, subjectType: "organization", subjectID: organization.requireID(), subjectLabel: organization.creditCode,
            summary: summary, record: OrganizationDTO(organization)
        )
    }
}
