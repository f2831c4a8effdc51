import Vapor
import Fluent
import SiteLedgerCore

/// Many plain projects for load tests: each registered through the write path like any
/// other, spread over the Nanjing districts, with the demo owner and contractor taking part
/// and a dust and noise station of its own.
enum SyntheticProjects {
    static func seed(_ count: Int, on app: Application) async throws -> Int {
        guard count > 0 else { return 0 }
        let ledger = app.siteLedger
        let owner = try await Organization.query(on: app.db).filter(\.$kind == .owner).sort(\.$creditCode).first()
        let contractor = try await Organization.query(on: app.db).filter(\.$kind == .contractor).sort(\.$creditCode).first()
        let vendor = try await Organization.query(on: app.db).filter(\.$kind == .vendor).sort(\.$creditCode).first()?.id
        let districts = ledger.regions.children(of: try RegionCode("320100"))
        let existing = try await Project.query(on: app.db).filter(\.$code =~ "2026-").count()
        let batch = 500
        for start in stride(from: 0, to: count, by: batch) {
            try await ledger.writePath.perform(on: app.db, by: .system) { writes in
                for index in start..<min(start + batch, count) {
                    let serial = existing + index
                    let district = districts[serial % districts.count]
                    var fields = ProjectFields()
                    fields.code = String(format: "2026-%@-47-01-%06d", district.code.value, serial)
                    fields.name = "压测项目 \(serial)"
                    fields.regionCode = district.code.value
                    fields.address = "\(district.name)测试路 \(serial) 号"
                    fields.kind = .building
                    // Scattered over a 40 × 40 grid around the city.
                    fields.latitude = 31.85 + Double(serial % 40) * 0.01
                    fields.longitude = 118.60 + Double(serial / 40 % 40) * 0.01
                    let project = try await ProjectService.create(fields, regions: ledger.regions, writes: writes)
                    try await DemoWorld.registerStation(of: project, vendor: vendor, writes: writes)
                    for (organization, role) in [(owner, ParticipationType.owner), (contractor, .generalContractor)] {
                        guard let organization else { continue }
                        let request = CreateParticipantRequest(organizationId: try organization.requireID(), role: role, enteredOn: "2026-01-01", responsiblePerson: nil, responsibleTitle: nil)
                        _ = try await ParticipantService.add(request, to: project, writes: writes)
                    }
                }
            }
        }
        return count
    }
}
