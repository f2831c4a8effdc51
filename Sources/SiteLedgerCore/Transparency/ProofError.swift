/// Why a Merkle proof could not be made or did not verify.
public enum ProofError: Error, Equatable, Sendable, CustomStringConvertible {
    /// An inclusion proof needs `index < size`.
    case indexOutOfRange(index: UInt64, size: UInt64)
    /// A consistency proof needs `oldSize <= newSize`.
    case sizesOutOfOrder(oldSize: UInt64, newSize: UInt64)
    case wrongProofLength(expected: Int, actual: Int)
    /// The proof leads to `computed`, not to the root it was checked against.
    case rootMismatch(expected: Hash, computed: Hash)
    /// A consistency proof leads to `computed` for the old tree, not to its root.
    case oldRootMismatch(expected: Hash, computed: Hash)
    /// Two trees of the same size must have the same root.
    case differentRootsForSameSize(size: UInt64)
    /// `ProofPlan.assemble` was not given the hash of this node.
    case missingNode(NodeID)
    /// A compact range of `size` has one node per set bit of `size`.
    case wrongNodeCount(size: UInt64, expected: Int, actual: Int)

    public var description: String {
        switch self {
        case let .indexOutOfRange(index, size):
            "leaf index \(index) is not in a tree of size \(size) (it must be below the size)"
        case let .sizesOutOfOrder(oldSize, newSize):
            "the old tree size \(oldSize) is larger than the new tree size \(newSize)"
        case let .wrongProofLength(expected, actual):
            "the proof has \(actual) hashes, expected \(expected)"
        case let .rootMismatch(expected, computed):
            "the proof leads to root \(computed), not to the expected root \(expected)"
        case let .oldRootMismatch(expected, computed):
            "the proof leads to old root \(computed), not to the expected old root \(expected)"
        case let .differentRootsForSameSize(size):
            "two trees of the same size \(size) have different roots"
        case let .missingNode(node):
            "the hash of node \(node) was not provided"
        case let .wrongNodeCount(size, expected, actual):
            "a compact range of size \(size) has \(expected) nodes, not \(actual)"
        }
    }
}
