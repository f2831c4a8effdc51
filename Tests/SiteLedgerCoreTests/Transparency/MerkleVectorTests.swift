import SiteLedgerCore
import Testing

@Suite("RFC 6962 test vectors (transparency-dev/merkle)")
struct MerkleVectorTests {
    let vectors: RFC6962Vectors
    let leafHashes: [Hash]
    let nodes: [NodeID: Hash]

    init() throws {
        vectors = try RFC6962Vectors.load()
        leafHashes = vectors.leaf_inputs_hex.map { Merkle.leafHash(hexBytes($0)) }
        nodes = perfectHashes(perfectLevels(leafHashes))
    }

    @Test func leafHashes_matchTheVectors() {
        #expect(leafHashes.count == 8)
        #expect(leafHashes.map(\.hex) == vectors.leaf_hashes_hex)
    }

    @Test func leafHashAcceptsAnyByteCollection() {
        let input = hexBytes(vectors.leaf_inputs_hex[7])
        let expected = Merkle.leafHash(input)
        #expect(Merkle.leafHash(input[...]) == expected)
        #expect(Merkle.leafHash(Array(input).reversed().reversed()) == expected)
        #expect(Merkle.leafHash([UInt8]()).hex == vectors.leaf_hashes_hex[0])
    }

    @Test func roots_ofSizes0Through8() throws {
        #expect(vectors.roots_hex_by_size.count == 9)
        for (sizeText, rootHex) in vectors.roots_hex_by_size {
            let size = Int(sizeText)!
            let leaves = Array(leafHashes.prefix(size))
            #expect(Merkle.root(of: leaves).hex == rootHex, "size \(size)")
            var range = CompactRange()
            leaves.forEach { range.append($0) }
            #expect(range.root.hex == rootHex, "compact range, size \(size)")
            let plan = Proofs.root(size: UInt64(size))
            #expect(try plan.assemble(nodes).map(\.hex) == [rootHex], "root plan, size \(size)")
        }
        #expect(Merkle.emptyRoot.hex == vectors.roots_hex_by_size["0"])
    }

    @Test func everyInclusionProof_isGeneratedAndVerifies() throws {
        #expect(vectors.inclusion.count == 36)
        for vector in vectors.inclusion {
            let plan = try Proofs.inclusion(index: vector.leaf_index, size: vector.tree_size)
            let proof = try plan.assemble(nodes)
            #expect(proof.map(\.hex) == vector.path, "PATH(\(vector.leaf_index), \(vector.tree_size))")
            #expect(leafHashes[Int(vector.leaf_index)].hex == vector.leaf_hash)
            try Proofs.verifyInclusion(
                leafHash: hash(hex: vector.leaf_hash), index: vector.leaf_index, size: vector.tree_size,
                proof: vector.path.map(hash(hex:)), root: hash(hex: vector.root))
        }
    }

    @Test func everyConsistencyProof_isGeneratedAndVerifies() throws {
        #expect(vectors.consistency.count == 28)
        for vector in vectors.consistency {
            let plan = try Proofs.consistency(from: vector.size1, to: vector.size2)
            let proof = try plan.assemble(nodes)
            #expect(proof.map(\.hex) == vector.proof, "PROOF(\(vector.size1), \(vector.size2))")
            try Proofs.verifyConsistency(
                oldSize: vector.size1, newSize: vector.size2, oldRoot: hash(hex: vector.root1),
                newRoot: hash(hex: vector.root2), proof: vector.proof.map(hash(hex:)))
        }
    }

    @Test func everyInclusionProof_failsWhenAnyHashIsTampered() throws {
        for vector in vectors.inclusion {
            let proof = vector.path.map(hash(hex:))
            for position in proof.indices {
                var tampered = proof
                var bytes = tampered[position].bytes
                bytes[position % 32] ^= 0x01
                tampered[position] = Hash(bytes: bytes)!
                #expect(throws: ProofError.self) {
                    try Proofs.verifyInclusion(
                        leafHash: hash(hex: vector.leaf_hash), index: vector.leaf_index, size: vector.tree_size,
                        proof: tampered, root: hash(hex: vector.root))
                }
            }
            // The wrong leaf, the wrong root.
            #expect(throws: ProofError.self) {
                try Proofs.verifyInclusion(
                    leafHash: Merkle.leafHash([0xFF]), index: vector.leaf_index, size: vector.tree_size,
                    proof: proof, root: hash(hex: vector.root))
            }
            #expect(throws: ProofError.self) {
                try Proofs.verifyInclusion(
                    leafHash: hash(hex: vector.leaf_hash), index: vector.leaf_index, size: vector.tree_size,
                    proof: proof, root: Merkle.emptyRoot)
            }
        }
    }

    @Test func everyInclusionProof_failsForAnotherIndexOrSize() throws {
        for vector in vectors.inclusion {
            let proof = vector.path.map(hash(hex:))
            let leaf = hash(hex: vector.leaf_hash)
            let root = hash(hex: vector.root)
            for index in 0..<vector.tree_size + 2 where index != vector.leaf_index {
                #expect(throws: ProofError.self, "index \(index) instead of \(vector.leaf_index) of \(vector.tree_size)") {
                    try Proofs.verifyInclusion(leafHash: leaf, index: index, size: vector.tree_size, proof: proof, root: root)
                }
            }
            // A size whose audit path for this index has another length is refused outright.
            // (Sizes with the same path shape give the same root: the size is bound by the
            // signed checkpoint, not by the proof.)
            let leaves = syntheticLeaves(Int(vector.tree_size) + 9)
            for size in 1..<vector.tree_size + 9 where size != vector.tree_size && size > vector.leaf_index {
                let length = NaiveMerkle.path(Int(vector.leaf_index), Array(leaves.prefix(Int(size)))).count
                guard length != proof.count else { continue }
                #expect(throws: ProofError.wrongProofLength(expected: length, actual: proof.count)) {
                    try Proofs.verifyInclusion(leafHash: leaf, index: vector.leaf_index, size: size, proof: proof, root: root)
                }
            }
        }
    }

    @Test func everyConsistencyProof_failsWhenAnyHashOrRootIsTampered() throws {
        for vector in vectors.consistency {
            let proof = vector.proof.map(hash(hex:))
            let oldRoot = hash(hex: vector.root1)
            let newRoot = hash(hex: vector.root2)
            for position in proof.indices {
                var tampered = proof
                var bytes = tampered[position].bytes
                bytes[31] ^= 0x80
                tampered[position] = Hash(bytes: bytes)!
                #expect(throws: ProofError.self) {
                    try Proofs.verifyConsistency(
                        oldSize: vector.size1, newSize: vector.size2, oldRoot: oldRoot, newRoot: newRoot, proof: tampered)
                }
            }
            #expect(throws: ProofError.self) {
                try Proofs.verifyConsistency(
                    oldSize: vector.size1, newSize: vector.size2, oldRoot: newRoot, newRoot: newRoot, proof: proof)
            }
            #expect(throws: ProofError.self) {
                try Proofs.verifyConsistency(
                    oldSize: vector.size1, newSize: vector.size2, oldRoot: oldRoot, newRoot: oldRoot, proof: proof)
            }
            #expect(throws: ProofError.self) {
                try Proofs.verifyConsistency(
                    oldSize: vector.size1, newSize: vector.size2, oldRoot: oldRoot, newRoot: newRoot, proof: proof + [oldRoot])
            }
            if !proof.isEmpty {
                #expect(throws: ProofError.self) {
                    try Proofs.verifyConsistency(
                        oldSize: vector.size1, newSize: vector.size2, oldRoot: oldRoot, newRoot: newRoot, proof: Array(proof.dropLast()))
                }
            }
            // Swapped sizes are out of order.
            #expect(throws: ProofError.sizesOutOfOrder(oldSize: vector.size2, newSize: vector.size1)) {
                try Proofs.verifyConsistency(
                    oldSize: vector.size2, newSize: vector.size1, oldRoot: newRoot, newRoot: oldRoot, proof: proof)
            }
        }
    }
}
