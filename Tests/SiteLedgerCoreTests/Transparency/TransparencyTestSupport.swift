import Foundation
import SiteLedgerCore

/// Shared test data lives beside the repository: `<repo root>/../shared/testdata`.
enum SharedTestData {
    static var directory: URL {
        URL(fileURLWithPath: #filePath)  // <root>/Tests/SiteLedgerCoreTests/Transparency/this file
            .deletingLastPathComponent()
            .deletingLastPathComponent()
            .deletingLastPathComponent()
            .deletingLastPathComponent()
            .deletingLastPathComponent()
            .appendingPathComponent("shared/testdata")
    }

    static func load<T: Decodable>(_ name: String, as type: T.Type) throws -> T {
        let data = try Data(contentsOf: directory.appendingPathComponent(name))
        return try JSONDecoder().decode(T.self, from: data)
    }
}

struct RFC6962Vectors: Decodable {
    struct Inclusion: Decodable {
        let leaf_index: UInt64
        let tree_size: UInt64
        let leaf_hash: String
        let root: String
        let path: [String]
    }

    struct Consistency: Decodable {
        let size1: UInt64
        let size2: UInt64
        let root1: String
        let root2: String
        let proof: [String]
    }

    let leaf_inputs_hex: [String]
    let leaf_hashes_hex: [String]
    let roots_hex_by_size: [String: String]
    let inclusion: [Inclusion]
    let consistency: [Consistency]

    static func load() throws -> RFC6962Vectors {
        try SharedTestData.load("rfc6962-vectors.json", as: RFC6962Vectors.self)
    }
}

struct SignedNoteVectors: Decodable {
    struct NoteCase: Decodable {
        let desc: String
        let note: String
        let verifierKeys: [String]
        let expectVerifiedBy: [String]?
        let expectError: String?
    }

    struct SigningCase: Decodable {
        let desc: String
        let privateKey: String
        let text: String
        let expectSignatureLine: String
    }

    let notes: [NoteCase]
    let signing: [SigningCase]

    static func load() throws -> SignedNoteVectors {
        try SharedTestData.load("signed-note-vectors.json", as: SignedNoteVectors.self)
    }
}

func hexBytes(_ hex: String) -> [UInt8] {
    var bytes: [UInt8] = []
    var iterator = hex.makeIterator()
    while let high = iterator.next(), let low = iterator.next() {
        bytes.append(UInt8(String([high, low]), radix: 16)!)
    }
    return bytes
}

func hash(hex: String) -> Hash {
    Hash(hex: hex)!
}

/// Deterministic distinct leaf hashes for big trees.
func syntheticLeaves(_ count: Int) -> [Hash] {
    (0..<count).map { Merkle.leafHash(Array("leaf \($0)".utf8)) }
}

/// Every complete perfect subtree of a tree: `levels[h][i]` is node (h, i).
func perfectLevels(_ leaves: [Hash]) -> [[Hash]] {
    var levels = [leaves]
    while levels.last!.count > 1 {
        let below = levels.last!
        levels.append(stride(from: 0, to: below.count - 1, by: 2).map { Merkle.nodeHash(below[$0], below[$0 + 1]) })
    }
    return levels
}

func perfectHashes(_ levels: [[Hash]]) -> [NodeID: Hash] {
    var hashes: [NodeID: Hash] = [:]
    for (level, row) in levels.enumerated() {
        for (index, hash) in row.enumerated() {
            hashes[NodeID(level: level, index: UInt64(index))] = hash
        }
    }
    return hashes
}

/// A textbook recursive RFC 9162 §2.1 implementation, to cross-check the real one.
enum NaiveMerkle {
    static func split(_ n: Int) -> Int {
        var k = 1
        while k << 1 < n { k <<= 1 }
        return k
    }

    static func mth(_ d: [Hash]) -> Hash {
        switch d.count {
        case 0: Merkle.emptyRoot
        case 1: d[0]
        default: Merkle.nodeHash(mth(Array(d[..<split(d.count)])), mth(Array(d[split(d.count)...])))
        }
    }

    /// PATH(m, D[n]).
    static func path(_ m: Int, _ d: [Hash]) -> [Hash] {
        let n = d.count
        if n == 1 { return [] }
        let k = split(n)
        if m < k {
            return path(m, Array(d[..<k])) + [mth(Array(d[k...]))]
        }
        return path(m - k, Array(d[k...])) + [mth(Array(d[..<k]))]
    }

    /// PROOF(m, D[n]).
    static func proof(_ m: Int, _ d: [Hash]) -> [Hash] {
        m == 0 || m == d.count ? [] : subproof(m, d, true)
    }

    static func subproof(_ m: Int, _ d: [Hash], _ b: Bool) -> [Hash] {
        let n = d.count
        if m == n { return b ? [] : [mth(d)] }
        let k = split(n)
        if m <= k {
            return subproof(m, Array(d[..<k]), b) + [mth(Array(d[k...]))]
        }
        return subproof(m - k, Array(d[k...]), false) + [mth(Array(d[..<k]))]
    }
}
