import Crypto

/// A SHA-256 hash: 32 bytes in fixed inline storage (no heap allocation per hash).
public struct Hash: Hashable, Sendable, CustomStringConvertible {
    public static let byteCount = 32

    /// The 32 bytes in memory order (the `UInt64`s are storage only, not numbers).
    private var storage: (UInt64, UInt64, UInt64, UInt64)

    /// All zeros; only a placeholder for buffers, never a real hash.
    static let zero = Hash(storage: (0, 0, 0, 0))

    private init(storage: (UInt64, UInt64, UInt64, UInt64)) {
        self.storage = storage
    }

    /// Copies exactly 32 bytes; `buffer.count` must be 32.
    init(copying buffer: UnsafeRawBufferPointer) {
        precondition(buffer.count == Hash.byteCount, "a hash is 32 bytes")
        var storage: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        withUnsafeMutableBytes(of: &storage) { $0.copyMemory(from: buffer) }
        self.storage = storage
    }

    init(_ digest: SHA256Digest) {
        self = digest.withUnsafeBytes { Hash(copying: $0) }
    }

    /// Nil unless `bytes` holds exactly 32 bytes.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == Hash.byteCount else { return nil }
        if let hash = bytes.withContiguousStorageIfAvailable({ Hash(copying: UnsafeRawBufferPointer($0)) }) {
            self = hash
        } else {
            self = Array(bytes).withUnsafeBytes { Hash(copying: $0) }
        }
    }

    public var bytes: [UInt8] {
        withUnsafeBytes { Array($0) }
    }

    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try Swift.withUnsafeBytes(of: storage, body)
    }

    /// Standard base64 with padding (44 characters); the decoder is strict and canonical.
    public init?(base64: String) {
        guard let bytes = Base64.decode(base64), let hash = Hash(bytes: bytes) else { return nil }
        self = hash
    }

    public var base64: String {
        withUnsafeBytes { Base64.encode($0) }
    }

    /// 64 hexadecimal digits, upper or lower case.
    public init?(hex: String) {
        guard let bytes = Hex.decode(hex), let hash = Hash(bytes: bytes) else { return nil }
        self = hash
    }

    /// Lower-case hexadecimal.
    public var hex: String {
        withUnsafeBytes { Hex.encode($0) }
    }

    public var description: String { hex }

    public static func == (lhs: Hash, rhs: Hash) -> Bool {
        lhs.storage.0 == rhs.storage.0 && lhs.storage.1 == rhs.storage.1
            && lhs.storage.2 == rhs.storage.2 && lhs.storage.3 == rhs.storage.3
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(storage.0)
        hasher.combine(storage.1)
        hasher.combine(storage.2)
        hasher.combine(storage.3)
    }
}
