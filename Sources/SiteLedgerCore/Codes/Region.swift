/// 行政区划 — a GB/T 2260 division and its official name.
public struct Region: Hashable, Sendable {
    public let code: RegionCode
    public let name: String

    public init(code: RegionCode, name: String) {
        self.code = code
        self.name = name
    }
}
