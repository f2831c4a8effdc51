/// 项目状态 — a project's lifecycle:
/// registered → permitted → underConstruction ⇄ suspended; underConstruction → completed
/// (竣工验收) → archived.
///
/// A suspended project must resume before completion acceptance, because acceptance
/// inspects finished works; archiving is final.
public enum ProjectStatus: String, CaseIterable, Codable, Sendable {
    case registered, permitted, underConstruction, suspended, completed, archived

    public var nameZH: String {
        switch self {
        case .registered: "已登记"
        case .permitted: "已取得施工许可"
        case .underConstruction: "在建"
        case .suspended: "停工"
        case .completed: "已竣工验收"
        case .archived: "已归档"
        }
    }

    public var allowedNext: Set<ProjectStatus> {
        switch self {
        case .registered: [.permitted]
        case .permitted: [.underConstruction]
        case .underConstruction: [.suspended, .completed]
        case .suspended: [.underConstruction]
        case .completed: [.archived]
        case .archived: []
        }
    }

    public func canTransition(to next: ProjectStatus) -> Bool { allowedNext.contains(next) }
}
