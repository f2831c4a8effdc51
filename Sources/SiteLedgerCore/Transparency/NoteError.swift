/// A malformed note or key, or a note that does not verify.
public struct NoteError: Error, Equatable, Sendable, CustomStringConvertible {
    public let reason: String

    public init(reason: String) {
        self.reason = reason
    }

    public var description: String { reason }

    /// A known key's signature failed (Go's note package says the same).
    public static let invalidSignature = NoteError(reason: "invalid signature")
    /// No signature from a known key.
    public static let noVerifiableSignatures = NoteError(reason: "no verifiable signatures")
}
