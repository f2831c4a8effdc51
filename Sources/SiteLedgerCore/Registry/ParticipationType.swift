/// 参建类型 — how an organization takes part in a project, with the codes of the national
/// worker platform (全国建筑工人管理服务信息平台数据标准, ProjectSubContractor.corpType).
///
/// Only the codes confirmed from the standard are listed; third-party systems also use 010
/// (勘察) and 011 (设计), but no primary source for them was found.
public enum ParticipationType: String, CaseIterable, Codable, Sendable {
    case specialtySubcontractor = "001"
    case equipmentSubcontractor = "002"
    case materialSubcontractor = "003"
    case logisticsService = "004"
    case specialEquipment = "005"
    case labourSubcontractor = "006"
    case supervisor = "007"
    case owner = "008"
    case generalContractor = "009"

    public var nameZH: String {
        switch self {
        case .specialtySubcontractor: "专业分包"
        case .equipmentSubcontractor: "设备分包"
        case .materialSubcontractor: "材料分包"
        case .logisticsService: "后勤服务"
        case .specialEquipment: "特殊设备"
        case .labourSubcontractor: "劳务分包"
        case .supervisor: "监理单位"
        case .owner: "建设单位"
        case .generalContractor: "总承包单位"
        }
    }
}
