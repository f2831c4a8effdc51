/// A malformed checkpoint, or one whose signature or origin does not verify.
public struct CheckpointError: Error, Equatable, Sendable, CustomStringConvertible {
    public let reason: String

    public init(reason: String) {
        self.reason = reason
    }

    public var description: String { reason }
}
