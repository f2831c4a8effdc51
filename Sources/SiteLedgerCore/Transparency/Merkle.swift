import Crypto

/// RFC 6962 / RFC 9162 §2.1 Merkle tree hashing with SHA-256.
public enum Merkle {
    /// The root of the empty tree: SHA-256 of no bytes.
    public static let emptyRoot: Hash = Hash(SHA256().finalize())

    /// SHA-256(0x00 ‖ entry).
    public static func leafHash(_ entry: some Collection<UInt8>) -> Hash {
        var hasher = SHA256()
        withUnsafeBytes(of: UInt8(0x00)) { hasher.update(bufferPointer: $0) }
        if entry.withContiguousStorageIfAvailable({ hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }) == nil {
            Array(entry).withUnsafeBytes { hasher.update(bufferPointer: $0) }
        }
        return Hash(hasher.finalize())
    }

    /// SHA-256(0x01 ‖ left ‖ right).
    public static func nodeHash(_ left: Hash, _ right: Hash) -> Hash {
        var hasher = SHA256()
        withUnsafeBytes(of: UInt8(0x01)) { hasher.update(bufferPointer: $0) }
        // Two inline hashes are 64 contiguous bytes: one update for both.
        withUnsafeBytes(of: (left, right)) { hasher.update(bufferPointer: $0) }
        return Hash(hasher.finalize())
    }

    /// MTH over leaf hashes (RFC 9162 §2.1.1): split at the largest power of two below n,
    /// never duplicating the last node.
    public static func root(of leafHashes: some Collection<Hash>) -> Hash {
        var range = CompactRange()
        for leafHash in leafHashes {
            range.append(leafHash)
        }
        return range.root
    }
}
