import Vapor
import Fluent
import SiteLedgerCore
import Crypto

/// A deterministic demo world for `serve --demo`: regulators of Jiangsu, Nanjing, Dongguan
/// and Shenzhen, the parties of a dozen projects, their buildings with codes, and one user per
/// role. Every name is invented; every credit code is made valid with its check character.
enum DemoWorld {
    /// Shared by every demo account; README lists the accounts.
    static let password = "siteledger-demo"

    static func seed(on app: Application) async throws {
        guard try await Organization.query(on: app.db).count() == 0, try await Project.query(on: app.db).count() == 0 else {
            app.logger.notice("demo world not seeded: the database already has data")
            return
        }
        let ledger = app.siteLedger
        try await ledger.writePath.perform(on: app.db, by: .system) { writes in
            let organizations = try await createOrganizations(writes, regions: ledger.regions)
            try await createUsers(writes, organizations: organizations, passwords: ledger.passwords)
            for plan in DemoData.projects {
                try await createProject(plan, organizations: organizations, writes: writes, ledger: ledger)
            }
        }
        app.logger.notice("demo world seeded: \(DemoData.organizations.count) organizations, \(DemoData.projects.count) projects")
    }

    private static func createOrganizations(_ writes: Writes, regions: RegionTable) async throws -> [String: Organization] {
        var created: [String: Organization] = [:]
        for plan in DemoData.organizations {
            let request = CreateOrganizationRequest(
                name: plan.name, kind: plan.kind, creditCode: creditCode(region: plan.region, serial: plan.key),
                regionCode: plan.region, qualifications: plan.qualifications, confirmCreditCode: nil
            )
            created[plan.key] = try await OrganizationService.create(request, regions: regions, writes: writes)
        }
        return created
    }

    private static func createUsers(_ writes: Writes, organizations: [String: Organization], passwords: Passwords) async throws {
        for plan in DemoData.users {
            let request = CreateUserRequest(
                username: plan.username, displayName: plan.name, password: password, role: plan.role,
                organizationId: organizations[plan.organization]?.id
            )
            _ = try await UserService.create(request, passwords: passwords, writes: writes)
        }
    }

    private static func createProject(_ plan: DemoData.ProjectPlan, organizations: [String: Organization], writes: Writes, ledger: SiteLedger) async throws {
        var fields = ProjectFields()
        fields.code = plan.code
        fields.name = plan.name
        fields.regionCode = plan.region
        fields.address = plan.address
        fields.latitude = plan.latitude
        fields.longitude = plan.longitude
        fields.kind = plan.kind
        fields.aboveSize = plan.amountWan >= 400
        fields.contractAmount = Decimal(plan.amountWan) * 10000
        fields.plannedStart = plan.start
        fields.plannedFinish = plan.finish
        fields.progressPercent = plan.progress
        fields.permitNumber = plan.status == .registered ? nil : plan.permit
        let project = try await ProjectService.create(fields, regions: ledger.regions, writes: writes)
        for (key, role, person, title) in plan.participants {
            guard let organization = organizations[key] else { continue }
            let request = CreateParticipantRequest(
                organizationId: try organization.requireID(), role: role, enteredOn: plan.start, responsiblePerson: person, responsibleTitle: title
            )
            _ = try await ParticipantService.add(request, to: project, writes: writes)
        }
        for (index, building) in plan.buildings.enumerated() {
            let request = CreateBuildingRequest(
                number: "\(index + 1)#", name: building.name, floorsAbove: building.floors, floorsBelow: building.basement,
                height: building.height, floorArea: building.area, structureType: building.structure, use: building.use
            )
            let created = try await BuildingService.create(request, inProject: project.requireID(), regionCode: project.regionCode, format: ledger.buildingCodes, writes: writes)
            try await postHistory(of: created, plan: plan, index: index, writes: writes)
        }
        try await registerStation(of: project, vendor: organizations["vendor"]?.id, writes: writes)
        try await advance(project, to: plan.status, writes: writes, regions: ledger.regions)
    }

    /// The HJ 212 access password of every demo station.
    static let stationPassword = "123456"

    /// One dust and noise station per project, its MN made of the project code's digits.
    static func stationMN(projectCode: String) -> String {
        "SL" + projectCode.filter(\.isNumber) + "01"
    }

    /// A station where the project is, supplied by `vendor`.
    static func registerStation(of project: Project, vendor: UUID?, writes: Writes) async throws {
        let request = RegisterDeviceRequest(
            kind: .dustNoise, mn: stationMN(projectCode: project.code), password: stationPassword, name: "\(project.name) 扬尘噪声监测点",
            vendorId: vendor, latitude: project.latitude, longitude: project.longitude, particulateScale: 1, systemCode: "39", intervalSeconds: 60
        )
        _ = try await DeviceService.register(request, inProject: project.requireID(), writes: writes)
    }

    /// 用码: the events other systems would have posted under the building's code.
    private static func postHistory(of building: Building, plan: DemoData.ProjectPlan, index: Int, writes: Writes) async throws {
        let reviewed = try day(plan.start).addingTimeInterval(-40 * 86400)
        let review = PostBuildingEventRequest(
            kind: .designReview, occurredAt: reviewed, sourceSystem: "施工图联审系统",
            referenceNumber: "SCTS-\(plan.code.suffix(6))-\(index + 1)", payload: .object(["conclusion": .string("审查合格")])
        )
        _ = try await BuildingService.post(review, to: building, writes: writes)
        guard plan.status != .registered else { return }
        let permit = PostBuildingEventRequest(
            kind: .constructionPermit, occurredAt: try day(plan.start).addingTimeInterval(-7 * 86400), sourceSystem: "工程建设项目审批管理系统",
            referenceNumber: plan.permit, payload: .object(["permitNumber": .string(plan.permit)])
        )
        _ = try await BuildingService.post(permit, to: building, writes: writes)
    }

    private static func advance(_ project: Project, to status: ProjectStatus, writes: Writes, regions: RegionTable) async throws {
        let path: [ProjectStatus] = switch status {
        case .registered: []
        case .permitted: [.permitted]
        case .underConstruction: [.permitted, .underConstruction]
        case .suspended: [.permitted, .underConstruction, .suspended]
        case .completed: [.permitted, .underConstruction, .completed]
        case .archived: [.permitted, .underConstruction, .completed, .archived]
        }
        for next in path {
            _ = try await ProjectService.changeStatus(project, to: next, note: nil, regions: regions, writes: writes)
        }
    }

    /// A valid 统一社会信用代码: 9 (工商) 1 (企业) + region + a 9-character body + check.
    static func creditCode(region: String, serial: String) -> String {
        let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
        let digest = Array(SHA256.hash(data: Data(serial.utf8)))
        let body = String(digest.prefix(9).map { alphabet[Int($0) % alphabet.count] })
        let first17 = "91" + region + body
        return first17 + String(CreditCode.checkCharacter(forFirst17: first17)!)
    }

    private static func day(_ text: String) throws -> Date {
        guard let date = RFC3339.date(text + "T09:00:00+08:00") else { throw Abort(.internalServerError) }
        return date
    }
}
