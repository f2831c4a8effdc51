extension Proofs {
    /// RFC 9162 §2.1.3.2: checks that `leafHash` is the leaf at `index` of the tree of
    /// `size` whose root is `root`.
    public static func verifyInclusion(leafHash: Hash, index: UInt64, size: UInt64, proof: [Hash], root: Hash) throws {
        let computed = try rootFromInclusion(leafHash: leafHash, index: index, size: size, proof: proof)
        guard computed == root else { throw ProofError.rootMismatch(expected: root, computed: computed) }
    }

    /// The root an inclusion proof leads to; throws if `index >= size` or the proof has the
    /// wrong length for them.
    public static func rootFromInclusion(leafHash: Hash, index: UInt64, size: UInt64, proof: [Hash]) throws -> Hash {
        guard index < size else { throw ProofError.indexOutOfRange(index: index, size: size) }
        let node = NodeID(level: 0, index: index)
        let (inner, border) = pathShape(of: node, size: size)
        guard proof.count == inner + border else {
            throw ProofError.wrongProofLength(expected: inner + border, actual: proof.count)
        }
        return climb(from: leafHash, node: node, inner: inner, proof: proof[...], needsOld: false).new
    }

    /// RFC 9162 §2.1.4.2: checks that the tree of `oldSize` with root `oldRoot` is a prefix
    /// of the tree of `newSize` with root `newRoot`.
    ///
    /// From size 0 the answer is yes whatever the roots, provided the proof is empty. Equal
    /// sizes need an empty proof and equal roots. When `oldSize` is a power of two the
    /// proof leaves out the old root, and the verifier starts from `oldRoot`.
    public static func verifyConsistency(oldSize: UInt64, newSize: UInt64, oldRoot: Hash, newRoot: Hash, proof: [Hash]) throws {
        guard oldSize <= newSize else { throw ProofError.sizesOutOfOrder(oldSize: oldSize, newSize: newSize) }
        if oldSize == 0 || oldSize == newSize {
            guard proof.isEmpty else { throw ProofError.wrongProofLength(expected: 0, actual: proof.count) }
            if oldSize == newSize && oldRoot != newRoot {
                throw ProofError.differentRootsForSameSize(size: oldSize)
            }
            return
        }
        let seedNode = lastSubtree(ofSize: oldSize)
        let (inner, border) = pathShape(of: seedNode, size: newSize)
        let seedInProof = seedNode.index != 0
        let expected = inner + border + (seedInProof ? 1 : 0)
        guard proof.count == expected else {
            throw ProofError.wrongProofLength(expected: expected, actual: proof.count)
        }
        let seed = seedInProof ? proof[0] : oldRoot
        let path = seedInProof ? proof[1...] : proof[...]
        let (old, new) = climb(from: seed, node: seedNode, inner: inner, proof: path, needsOld: true)
        guard old == oldRoot else { throw ProofError.oldRootMismatch(expected: oldRoot, computed: old) }
        guard new == newRoot else { throw ProofError.rootMismatch(expected: newRoot, computed: new) }
    }

    /// Hashes up the audit path of `node` (whose hash is `hash`). `new` is the root of the
    /// whole tree; `old` folds only the siblings on the left, which for the last subtree of
    /// an old tree's decomposition gives the old tree's root (computed only if `needsOld`).
    private static func climb(from hash: Hash, node: NodeID, inner: Int, proof: ArraySlice<Hash>, needsOld: Bool) -> (old: Hash, new: Hash) {
        var old = hash
        var new = hash
        var height = 0
        for sibling in proof {
            if height >= inner || (node.index >> height) & 1 == 1 {
                if needsOld { old = Merkle.nodeHash(sibling, old) }
                new = Merkle.nodeHash(sibling, new)
            } else {
                new = Merkle.nodeHash(new, sibling)
            }
            height += 1
        }
        return (old, new)
    }
}
