/// What a monitoring device on a site watches. Dust and noise stations report now; the others
/// are registered for the safety monitoring that follows.
public enum DeviceKind: String, CaseIterable, Codable, Sendable {
    /// 扬尘噪声监测 — dust and noise station.
    case dustNoise
    /// 塔吊 — tower crane monitor.
    case towerCrane
    /// 施工升降机 — construction hoist monitor.
    case hoist
    /// 卸料平台 — unloading platform monitor.
    case unloadingPlatform
    /// 高支模 — high formwork monitor.
    case highFormwork
    /// 深基坑 — deep excavation monitor.
    case excavation

    public var nameZH: String {
        switch self {
        case .dustNoise: "扬尘噪声监测"
        case .towerCrane: "塔吊监测"
        case .hoist: "施工升降机监测"
        case .unloadingPlatform: "卸料平台监测"
        case .highFormwork: "高支模监测"
        case .excavation: "深基坑监测"
        }
    }
}
