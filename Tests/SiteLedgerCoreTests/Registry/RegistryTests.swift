import Foundation
import SiteLedgerCore
import Testing

@Suite("项目状态")
struct ProjectStatusTests {
    /// The lifecycle written out independently of the implementation.
    static let allowed: [ProjectStatus: Set<ProjectStatus>] = [
        .registered: [.permitted],
        .permitted: [.underConstruction],
        .underConstruction: [.suspended, .completed],
        .suspended: [.underConstruction],
        .completed: [.archived],
        .archived: [],
    ]

    @Test(arguments: ProjectStatus.allCases, ProjectStatus.allCases)
    func transition(from: ProjectStatus, to: ProjectStatus) throws {
        let expected = try #require(Self.allowed[from]).contains(to)
        #expect(from.canTransition(to: to) == expected)
    }

    @Test(arguments: ProjectStatus.allCases)
    func allowedNextIsExactlyTheLifecycle(status: ProjectStatus) {
        #expect(status.allowedNext == Self.allowed[status])
        #expect(!status.canTransition(to: status))
    }

    @Test func namesInChinese() {
        #expect(ProjectStatus.allCases.map(\.nameZH) == ["已登记", "已取得施工许可", "在建", "停工", "已竣工验收", "已归档"])
    }
}

@Suite("登记代码表")
struct RegistryEnumTests {
    @Test func participationTypesUseTheNationalPlatformCodes() throws {
        let table = ParticipationType.allCases.map { [$0.rawValue, $0.nameZH] }
        #expect(table == [
            ["001", "专业分包"], ["002", "设备分包"], ["003", "材料分包"], ["004", "后勤服务"], ["005", "特殊设备"],
            ["006", "劳务分包"], ["007", "监理单位"], ["008", "建设单位"], ["009", "总承包单位"],
        ])
        #expect(String(decoding: try JSONEncoder().encode([ParticipationType.generalContractor]), as: UTF8.self) == #"["009"]"#)
        #expect(ParticipationType(rawValue: "010") == nil)
    }

    @Test func organizationKinds() {
        let table = OrganizationKind.allCases.map { [$0.rawValue, $0.nameZH] }
        #expect(table == [
            ["regulator", "监管部门"], ["owner", "建设单位"], ["contractor", "施工单位"], ["supervisor", "监理单位"],
            ["designer", "设计单位"], ["surveyor", "勘察单位"], ["testingAgency", "检测机构"],
            ["concretePlant", "预拌混凝土企业"], ["vendor", "设备厂商"], ["insurer", "保险机构"],
        ])
    }

    @Test func projectKinds() {
        #expect(ProjectKind.allCases.map { [$0.rawValue, $0.nameZH] } == [["building", "房屋建筑"], ["municipal", "市政基础设施"]])
    }

    @Test func buildingEventKinds() {
        #expect(BuildingEventKind.allCases.map(\.nameZH) == [
            "勘察设计", "施工图审查", "施工许可", "质量监督", "安全监督", "竣工验收", "不动产交易", "城建档案归档", "其他",
        ])
        #expect(BuildingEventKind(rawValue: "completionAcceptance") == .completionAcceptance)
    }
}
