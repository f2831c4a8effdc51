/// Why a receipt was rejected, naming the part that failed.
public struct ReceiptError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Part: String, Sendable {
        /// The receipt text itself is malformed.
        case format
        /// The checkpoint is malformed, altered, or signed by another key.
        case checkpoint
        /// The entry is not the one the receipt was issued for.
        case entry
        /// The inclusion proof does not lead to the checkpoint's root.
        case proof
    }

    public let part: Part
    public let reason: String

    public init(part: Part, reason: String) {
        self.part = part
        self.reason = reason
    }

    public var description: String { "\(part.rawValue): \(reason)" }
}
