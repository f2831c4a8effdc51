/// 单位类型 — what an organization is on the platform; it decides what its users may see.
public enum OrganizationKind: String, CaseIterable, Codable, Sendable {
    case regulator, owner, contractor, supervisor, designer, surveyor, testingAgency, concretePlant, vendor, insurer

    public var nameZH: String {
        switch self {
        case .regulator: "监管部门"
        case .owner: "建设单位"
        case .contractor: "施工单位"
        case .supervisor: "监理单位"
        case .designer: "设计单位"
        case .surveyor: "勘察单位"
        case .testingAgency: "检测机构"
        case .concretePlant: "预拌混凝土企业"
        case .vendor: "设备厂商"
        case .insurer: "保险机构"
        }
    }
}
