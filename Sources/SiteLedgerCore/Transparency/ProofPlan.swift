/// The first half of making a proof: which stored perfect-subtree hashes it needs.
/// The caller fetches them (from tiles, a database, memory) and `assemble` makes the proof.
///
/// Each proof element is the fold, from the right, of one or more consecutive perfect
/// subtrees: one for a complete sibling, several for the right edge of an incomplete tree.
public struct ProofPlan: Sendable, Equatable {
    /// The distinct perfect subtrees to fetch, each complete in the tree the proof is for.
    public let nodes: [NodeID]
    /// How many consecutive `nodes` make each proof element.
    let groupSizes: [Int]

    init(nodes: [NodeID], groupSizes: [Int]) {
        self.nodes = nodes
        self.groupSizes = groupSizes
    }

    /// The number of hashes the proof will have.
    public var proofLength: Int { groupSizes.count }

    /// The proof, from the hashes of `nodes`; throws `ProofError.missingNode` if one is absent.
    public func assemble(_ hashes: [NodeID: Hash]) throws -> [Hash] {
        try assemble { hashes[$0] }
    }

    /// The proof, asking `hash` for each node of `nodes` once, in order; a nil answer throws
    /// `ProofError.missingNode`.
    public func assemble(using hash: (NodeID) throws -> Hash?) throws -> [Hash] {
        var fetched: [Hash] = []
        fetched.reserveCapacity(nodes.count)
        for node in nodes {
            guard let value = try hash(node) else { throw ProofError.missingNode(node) }
            fetched.append(value)
        }
        var proof: [Hash] = []
        proof.reserveCapacity(groupSizes.count)
        var start = 0
        for size in groupSizes {
            proof.append(CompactRange.fold(fetched[start..<start + size]))
            start += size
        }
        return proof
    }
}
