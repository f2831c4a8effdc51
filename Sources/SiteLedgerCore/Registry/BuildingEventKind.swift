/// 房屋建筑全生命周期事件类型 — the steps recorded against a building code, from design to
/// the city construction archive.
public enum BuildingEventKind: String, CaseIterable, Codable, Sendable {
    case surveyDesign, designReview, constructionPermit, qualitySupervision, safetySupervision
    case completionAcceptance, propertyTransaction, archive, other

    public var nameZH: String {
        switch self {
        case .surveyDesign: "勘察设计"
        case .designReview: "施工图审查"
        case .constructionPermit: "施工许可"
        case .qualitySupervision: "质量监督"
        case .safetySupervision: "安全监督"
        case .completionAcceptance: "竣工验收"
        case .propertyTransaction: "不动产交易"
        case .archive: "城建档案归档"
        case .other: "其他"
        }
    }
}
