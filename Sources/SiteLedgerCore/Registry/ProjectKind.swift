/// 工程类别 — the two kinds of works under 住建 supervision.
public enum ProjectKind: String, CaseIterable, Codable, Sendable {
    case building, municipal

    public var nameZH: String {
        switch self {
        case .building: "房屋建筑"
        case .municipal: "市政基础设施"
        }
    }
}
