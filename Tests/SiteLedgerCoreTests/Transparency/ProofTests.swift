import SiteLedgerCore
import Testing

@Suite("Merkle proofs")
struct ProofTests {
    static let leaves = syntheticLeaves(70)

    @Test func inclusionProofs_matchANaiveRFC9162Implementation_forEverySizeUpTo64() throws {
        let nodes = perfectHashes(perfectLevels(Self.leaves))
        for size in 1...64 {
            let tree = Array(Self.leaves.prefix(size))
            let root = NaiveMerkle.mth(tree)
            #expect(Merkle.root(of: tree) == root)
            #expect(try Proofs.root(size: UInt64(size)).assemble(nodes) == [root])
            for index in 0..<size {
                let plan = try Proofs.inclusion(index: UInt64(index), size: UInt64(size))
                #expect(plan.nodes.allSatisfy { $0.isInside(size: UInt64(size)) })
                #expect(Set(plan.nodes).count == plan.nodes.count)
                let proof = try plan.assemble(nodes)
                #expect(proof == NaiveMerkle.path(index, tree), "PATH(\(index), \(size))")
                #expect(plan.proofLength == proof.count)
                try Proofs.verifyInclusion(leafHash: tree[index], index: UInt64(index), size: UInt64(size), proof: proof, root: root)
                #expect(try Proofs.rootFromInclusion(leafHash: tree[index], index: UInt64(index), size: UInt64(size), proof: proof) == root)
            }
        }
    }

    @Test func consistencyProofs_matchANaiveRFC9162Implementation_forEveryPairUpTo64() throws {
        let nodes = perfectHashes(perfectLevels(Self.leaves))
        let roots = (0...64).map { NaiveMerkle.mth(Array(Self.leaves.prefix($0))) }
        for newSize in 0...64 {
            let tree = Array(Self.leaves.prefix(newSize))
            for oldSize in 0...newSize {
                let plan = try Proofs.consistency(from: UInt64(oldSize), to: UInt64(newSize))
                #expect(plan.nodes.allSatisfy { $0.isInside(size: UInt64(newSize)) })
                let proof = try plan.assemble(nodes)
                #expect(proof == NaiveMerkle.proof(oldSize, tree), "PROOF(\(oldSize), \(newSize))")
                try Proofs.verifyConsistency(
                    oldSize: UInt64(oldSize), newSize: UInt64(newSize), oldRoot: roots[oldSize], newRoot: roots[newSize],
                    proof: proof)
                if oldSize > 0 && oldSize < newSize {
                    // Another old root must not pass (also when the proof omits it).
                    #expect(throws: ProofError.self) {
                        try Proofs.verifyConsistency(
                            oldSize: UInt64(oldSize), newSize: UInt64(newSize), oldRoot: roots[oldSize - 1],
                            newRoot: roots[newSize], proof: proof)
                    }
                    #expect(throws: ProofError.self) {
                        try Proofs.verifyConsistency(
                            oldSize: UInt64(oldSize), newSize: UInt64(newSize), oldRoot: roots[oldSize],
                            newRoot: roots[newSize - 1], proof: proof)
                    }
                }
            }
        }
    }

    @Test func inclusion_needsIndexBelowSize() {
        #expect(throws: ProofError.indexOutOfRange(index: 0, size: 0)) { try Proofs.inclusion(index: 0, size: 0) }
        #expect(throws: ProofError.indexOutOfRange(index: 5, size: 5)) { try Proofs.inclusion(index: 5, size: 5) }
        #expect(throws: ProofError.indexOutOfRange(index: 9, size: 5)) {
            try Proofs.verifyInclusion(leafHash: Self.leaves[0], index: 9, size: 5, proof: [], root: Merkle.emptyRoot)
        }
        #expect(throws: ProofError.indexOutOfRange(index: 5, size: 5)) {
            try Proofs.rootFromInclusion(leafHash: Self.leaves[0], index: 5, size: 5, proof: [])
        }
    }

    @Test func inclusion_rejectsProofsOfTheWrongLength() throws {
        let tree = Array(Self.leaves.prefix(7))
        let proof = NaiveMerkle.path(2, tree)
        let root = NaiveMerkle.mth(tree)
        #expect(proof.count == 3)
        #expect(throws: ProofError.wrongProofLength(expected: 3, actual: 4)) {
            try Proofs.verifyInclusion(leafHash: tree[2], index: 2, size: 7, proof: proof + [root], root: root)
        }
        #expect(throws: ProofError.wrongProofLength(expected: 3, actual: 2)) {
            try Proofs.verifyInclusion(leafHash: tree[2], index: 2, size: 7, proof: Array(proof.dropLast()), root: root)
        }
        #expect(throws: ProofError.rootMismatch(expected: root, computed: try Proofs.rootFromInclusion(leafHash: tree[3], index: 2, size: 7, proof: proof))) {
            try Proofs.verifyInclusion(leafHash: tree[3], index: 2, size: 7, proof: proof, root: root)
        }
        // A single-leaf tree: the leaf is the root and the proof is empty.
        try Proofs.verifyInclusion(leafHash: tree[0], index: 0, size: 1, proof: [], root: tree[0])
    }

    @Test func consistency_edgeCases() throws {
        let root3 = Merkle.root(of: Self.leaves.prefix(3))
        let root4 = Merkle.root(of: Self.leaves.prefix(4))
        #expect(throws: ProofError.sizesOutOfOrder(oldSize: 4, newSize: 3)) { try Proofs.consistency(from: 4, to: 3) }
        #expect(throws: ProofError.sizesOutOfOrder(oldSize: 4, newSize: 3)) {
            try Proofs.verifyConsistency(oldSize: 4, newSize: 3, oldRoot: root4, newRoot: root3, proof: [])
        }
        // From 0: trivially true with an empty proof, whatever the roots; a proof is refused.
        #expect(try Proofs.consistency(from: 0, to: 9).nodes.isEmpty)
        try Proofs.verifyConsistency(oldSize: 0, newSize: 4, oldRoot: Merkle.emptyRoot, newRoot: root4, proof: [])
        try Proofs.verifyConsistency(oldSize: 0, newSize: 0, oldRoot: Merkle.emptyRoot, newRoot: Merkle.emptyRoot, proof: [])
        #expect(throws: ProofError.wrongProofLength(expected: 0, actual: 1)) {
            try Proofs.verifyConsistency(oldSize: 0, newSize: 4, oldRoot: Merkle.emptyRoot, newRoot: root4, proof: [root4])
        }
        // Same size: empty proof and equal roots.
        #expect(try Proofs.consistency(from: 4, to: 4).nodes.isEmpty)
        try Proofs.verifyConsistency(oldSize: 4, newSize: 4, oldRoot: root4, newRoot: root4, proof: [])
        #expect(throws: ProofError.differentRootsForSameSize(size: 4)) {
            try Proofs.verifyConsistency(oldSize: 4, newSize: 4, oldRoot: root3, newRoot: root4, proof: [])
        }
        #expect(throws: ProofError.wrongProofLength(expected: 0, actual: 1)) {
            try Proofs.verifyConsistency(oldSize: 4, newSize: 4, oldRoot: root4, newRoot: root4, proof: [root4])
        }
        // A power-of-two old size: the proof omits the old root.
        let proof = try Proofs.consistency(from: 4, to: 7).assemble(perfectHashes(perfectLevels(Self.leaves)))
        #expect(proof == NaiveMerkle.proof(4, Array(Self.leaves.prefix(7))))
        #expect(!proof.contains(root4))
        #expect(throws: ProofError.wrongProofLength(expected: proof.count, actual: proof.count + 1)) {
            try Proofs.verifyConsistency(oldSize: 4, newSize: 7, oldRoot: root4, newRoot: Merkle.root(of: Self.leaves.prefix(7)), proof: [root4] + proof)
        }
    }

    @Test func plans_reportMissingNodes() throws {
        let plan = try Proofs.inclusion(index: 5, size: 13)
        var hashes = perfectHashes(perfectLevels(Array(Self.leaves.prefix(13))))
        let missing = plan.nodes[1]
        hashes[missing] = nil
        #expect(throws: ProofError.missingNode(missing)) { try plan.assemble(hashes) }
        #expect(ProofError.missingNode(missing).description.contains("level \(missing.level)"))
    }

    @Test func plans_areSmallAtLargeSizes() throws {
        let size: UInt64 = 1 << 40 + 12_345
        let plan = try Proofs.inclusion(index: 987_654_321, size: size)
        #expect(plan.proofLength == 41)
        #expect(plan.nodes.allSatisfy { $0.isInside(size: size) })
        #expect(plan.nodes.count < 60)
        let huge = try Proofs.inclusion(index: .max - 1, size: .max)
        #expect(huge.nodes.allSatisfy { $0.isInside(size: .max) })
        let consistency = try Proofs.consistency(from: .max - 1, to: .max)
        #expect(consistency.nodes.allSatisfy { $0.isInside(size: .max) })
    }

    @Test func compactRange_growsLikeTheTree() throws {
        var range = CompactRange()
        #expect(range.root == Merkle.emptyRoot)
        #expect(range.size == 0 && range.nodes.isEmpty)
        let levels = perfectLevels(Self.leaves)
        for (count, leaf) in Self.leaves.enumerated() {
            range.append(leaf)
            let size = UInt64(count + 1)
            #expect(range.size == size)
            #expect(range.root == NaiveMerkle.mth(Array(Self.leaves.prefix(count + 1))))
            let ids = CompactRange.nodeIDs(forSize: size)
            #expect(range.nodes == ids.map { levels[$0.level][Int($0.index)] })
            #expect(try CompactRange(size: size, nodes: range.nodes) == range)
        }
        #expect(CompactRange.nodeIDs(forSize: 0) == [])
        #expect(CompactRange.nodeIDs(forSize: 13) == [NodeID(level: 3, index: 0), NodeID(level: 2, index: 2), NodeID(level: 0, index: 12)])
        #expect(throws: ProofError.wrongNodeCount(size: 13, expected: 3, actual: 2)) {
            try CompactRange(size: 13, nodes: [Self.leaves[0], Self.leaves[1]])
        }
    }

    @Test func nodeIDs_coverTheirLeaves() {
        let node = NodeID(level: 3, index: 5)
        #expect(node.firstLeaf == 40)
        #expect(node.endLeaf == 48)
        #expect(node.isInside(size: 48))
        #expect(!node.isInside(size: 47))
        #expect(NodeID(level: 0, index: 9) < NodeID(level: 1, index: 0))
        #expect(NodeID(level: 63, index: 1).endLeaf == .max)
    }
}
