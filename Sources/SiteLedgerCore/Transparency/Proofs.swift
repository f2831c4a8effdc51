/// Making Merkle proofs (RFC 9162 §2.1.3.1 and §2.1.4.1) as plans over stored perfect
/// subtrees, and checking them (`Proofs+Verification.swift`).
///
/// Both kinds of proof are the audit path of one perfect subtree: a leaf for inclusion; for
/// consistency, the last (smallest) subtree of the old tree's decomposition. Below the level
/// where that subtree's path and the path of the new tree's last leaf part, every sibling
/// is complete except possibly the topmost one on the right, which is the root of the
/// tree's incomplete right edge; above that level the path runs along the right edge, where
/// every sibling is a complete subtree on the left.
public enum Proofs {
    /// RFC 9162 §2.1.3.1 PATH(index, D[size]): leaf sibling first.
    public static func inclusion(index: UInt64, size: UInt64) throws -> ProofPlan {
        guard index < size else { throw ProofError.indexOutOfRange(index: index, size: size) }
        var nodes: [NodeID] = []
        var groupSizes: [Int] = []
        appendPath(of: NodeID(level: 0, index: index), size: size, nodes: &nodes, groupSizes: &groupSizes)
        return ProofPlan(nodes: nodes, groupSizes: groupSizes)
    }

    /// RFC 9162 §2.1.4.1 PROOF(oldSize, D[newSize]); empty when `oldSize` is 0 or equals
    /// `newSize`.
    public static func consistency(from oldSize: UInt64, to newSize: UInt64) throws -> ProofPlan {
        guard oldSize <= newSize else { throw ProofError.sizesOutOfOrder(oldSize: oldSize, newSize: newSize) }
        var nodes: [NodeID] = []
        var groupSizes: [Int] = []
        if oldSize != 0 && oldSize != newSize {
            let seed = lastSubtree(ofSize: oldSize)
            // The old root is the seed itself when the old size is a power of two; the
            // verifier knows it, so the proof leaves it out.
            if seed.index != 0 {
                nodes.append(seed)
                groupSizes.append(1)
            }
            appendPath(of: seed, size: newSize, nodes: &nodes, groupSizes: &groupSizes)
        }
        return ProofPlan(nodes: nodes, groupSizes: groupSizes)
    }

    /// The root of a tree of `size` from its perfect subtrees
    /// (`CompactRange.nodeIDs(forSize:)`); `assemble` returns `[root]`.
    public static func root(size: UInt64) -> ProofPlan {
        let nodes = CompactRange.nodeIDs(forSize: size)
        return ProofPlan(nodes: nodes, groupSizes: [nodes.count])
    }

    // MARK: - Shape

    /// The smallest perfect subtree of the decomposition of `size` (> 0).
    static func lastSubtree(ofSize size: UInt64) -> NodeID {
        let level = size.trailingZeroBitCount
        return NodeID(level: level, index: (size - 1) >> level)
    }

    /// How the audit path of `node` in a tree of `size` splits: `inner` siblings below the
    /// level where the node's path leaves the right edge, then `border` left siblings.
    static func pathShape(of node: NodeID, size: UInt64) -> (inner: Int, border: Int) {
        let last = (size - 1) >> node.level
        let inner = 64 - (node.index ^ last).leadingZeroBitCount
        let border = (node.index >> inner).nonzeroBitCount
        return (inner, border)
    }

    /// Appends the audit path of `node` (complete in `size`) bottom-up.
    private static func appendPath(of node: NodeID, size: UInt64, nodes: inout [NodeID], groupSizes: inout [Int]) {
        let (inner, border) = pathShape(of: node, size: size)
        nodes.reserveCapacity(nodes.count + inner + border + 8)
        groupSizes.reserveCapacity(groupSizes.count + inner + border)
        for height in 0..<inner {
            let sibling = NodeID(level: node.level + height, index: (node.index >> height) ^ 1)
            if sibling.isInside(size: size) {
                nodes.append(sibling)
                groupSizes.append(1)
            } else {
                // Only the topmost inner sibling can be incomplete: the right edge.
                let before = nodes.count
                appendDecomposition(from: sibling.firstLeaf, to: size, into: &nodes)
                groupSizes.append(nodes.count - before)
            }
        }
        var height = inner
        while node.index >> height != 0 {
            if (node.index >> height) & 1 == 1 {
                nodes.append(NodeID(level: node.level + height, index: (node.index >> height) ^ 1))
                groupSizes.append(1)
            }
            height += 1
        }
    }

    /// The perfect subtrees covering the leaves `[begin, end)`, left to right.
    static func appendDecomposition(from begin: UInt64, to end: UInt64, into nodes: inout [NodeID]) {
        var position = begin
        while position < end {
            var level = position == 0 ? 63 : position.trailingZeroBitCount
            while level > 0 && end - position < UInt64(1) << UInt64(level) {
                level -= 1
            }
            nodes.append(NodeID(level: level, index: position >> level))
            position += UInt64(1) << UInt64(level)
        }
    }
}
