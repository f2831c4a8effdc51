/// The state from which a tree of `size` leaves grows: the hashes of the perfect subtrees of
/// the binary decomposition of `size`, largest (leftmost) first.
public struct CompactRange: Sendable, Equatable {
    public private(set) var size: UInt64
    public private(set) var nodes: [Hash]

    /// The empty tree.
    public init() {
        size = 0
        nodes = []
    }

    /// `nodes` are the roots of the perfect subtrees `nodeIDs(forSize: size)` names, largest
    /// first; throws `ProofError.wrongNodeCount` when their number does not fit `size`.
    public init(size: UInt64, nodes: [Hash]) throws {
        guard nodes.count == size.nonzeroBitCount else {
            throw ProofError.wrongNodeCount(size: size, expected: size.nonzeroBitCount, actual: nodes.count)
        }
        self.size = size
        self.nodes = nodes
    }

    /// The perfect subtrees a tree of `size` leaves decomposes into, largest (leftmost) first.
    public static func nodeIDs(forSize size: UInt64) -> [NodeID] {
        var ids: [NodeID] = []
        ids.reserveCapacity(size.nonzeroBitCount)
        var remaining = size
        while remaining != 0 {
            let level = 63 - remaining.leadingZeroBitCount
            ids.append(NodeID(level: level, index: (size >> level) - 1))
            remaining &= ~(1 << UInt64(level))
        }
        return ids
    }

    /// Adds the next leaf, merging the equal-height subtrees it completes.
    public mutating func append(_ leafHash: Hash) {
        precondition(size < .max, "the tree is full")
        var hash = leafHash
        var carry = size
        while carry & 1 == 1 {
            hash = Merkle.nodeHash(nodes.removeLast(), hash)
            carry >>= 1
        }
        nodes.append(hash)
        size += 1
    }

    /// The Merkle tree hash of the `size` leaves: `Merkle.emptyRoot` for the empty tree,
    /// otherwise the nodes folded from the right.
    public var root: Hash {
        CompactRange.fold(nodes[...])
    }

    /// Folds perfect-subtree hashes, largest first, from the right into one hash.
    static func fold(_ hashes: ArraySlice<Hash>) -> Hash {
        guard var accumulator = hashes.last else { return Merkle.emptyRoot }
        var i = hashes.endIndex - 1
        while i > hashes.startIndex {
            i -= 1
            accumulator = Merkle.nodeHash(hashes[i], accumulator)
        }
        return accumulator
    }
}
