/// The first problem an audit found: which resource (`path`), which entry when it concerns
/// one, and why.
public struct AuditFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public let path: String?
    public let index: UInt64?
    public let reason: String

    public init(path: String?, index: UInt64? = nil, reason: String) {
        self.path = path
        self.index = index
        self.reason = reason
    }

    public var description: String {
        var text = ""
        if let path { text += path + ": " }
        if let index { text += "entry \(index): " }
        return text + reason
    }
}
