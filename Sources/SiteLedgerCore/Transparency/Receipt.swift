/// A C2SP tlog-proof receipt: proof that an entry is in a log, checkable offline with the
/// log's public key.
///
///     c2sp.org/tlog-proof@v1
///     extra <base64>          (optional, unauthenticated)
///     index <decimal>
///     <base64 hash>           (the inclusion proof, leaf sibling first)
///     ...
///
///     <the signed checkpoint, verbatim>
public struct Receipt: Sendable, Equatable {
    public static let header = "c2sp.org/tlog-proof@v1"

    /// Unauthenticated application data. SiteLedger writes the 32-byte leaf hash the
    /// receipt was issued for, which lets `verify` tell a changed entry from a bad proof.
    public let extra: [UInt8]?
    public let index: UInt64
    public let proof: [Hash]
    /// The signed checkpoint note, verbatim (with any cosignatures).
    public let checkpoint: String

    public init(extra: [UInt8]?, index: UInt64, proof: [Hash], checkpoint: String) {
        self.extra = extra
        self.index = index
        self.proof = proof
        self.checkpoint = checkpoint
    }

    public var text: String {
        var text = Receipt.header + "\n"
        if let extra {
            text += "extra " + Base64.encode(extra) + "\n"
        }
        text += "index \(index)\n"
        for hash in proof {
            text += hash.base64 + "\n"
        }
        return text + "\n" + checkpoint
    }

    /// Throws `ReceiptError` with part `.format` when the text is malformed.
    public init(parsing text: String) throws {
        func fail(_ why: String) -> ReceiptError {
            ReceiptError(part: .format, reason: why)
        }
        // The proof lines are never empty, so the first blank line ends them.
        let utf8 = text.utf8
        guard let blank = zip(utf8.indices, utf8.dropFirst()).first(where: { utf8[$0.0] == 0x0A && $0.1 == 0x0A })?.0 else {
            throw fail("the receipt has no blank line before its checkpoint")
        }
        let checkpoint = String(text[utf8.index(blank, offsetBy: 2)...])
        guard !checkpoint.isEmpty else {
            throw fail("the receipt has no checkpoint")
        }
        var lines = text[..<blank].split(separator: "\n", omittingEmptySubsequences: false)[...]
        guard lines.first == Substring(Receipt.header) else {
            throw fail("the receipt does not start with \(Receipt.header)")
        }
        lines.removeFirst()
        var extra: [UInt8]?
        if let line = lines.first, line.hasPrefix("extra ") {
            guard let bytes = Base64.decode(line.dropFirst(6)) else {
                throw fail("the extra data is not valid base64")
            }
            extra = bytes
            lines.removeFirst()
        }
        guard let indexLine = lines.first, indexLine.hasPrefix("index ") else {
            throw fail("the receipt has no index line")
        }
        guard let index = CanonicalDecimal.parse(indexLine.dropFirst(6)) else {
            throw fail("the index \"\(indexLine.dropFirst(6))\" is not a decimal number without leading zeros")
        }
        lines.removeFirst()
        var proof: [Hash] = []
        for (position, line) in lines.enumerated() {
            guard let hash = Hash(base64: String(line)) else {
                throw fail("proof line \(position + 1) is not the base64 of a 32-byte hash")
            }
            proof.append(hash)
        }
        self.init(extra: extra, index: index, proof: proof, checkpoint: checkpoint)
    }

    /// Checks the checkpoint's signature and origin, then that `entry` is at `index` in the
    /// checkpoint's tree. Returns the checkpoint.
    ///
    /// Throws `ReceiptError` naming the failing part: `.checkpoint` when it is malformed or
    /// its signature does not verify; `.entry` when `extra` holds a 32-byte leaf hash and
    /// the entry's differs from it; `.proof` when the inclusion proof does not lead to the
    /// checkpoint's root for this entry.
    public func verify(entry: some Collection<UInt8>, verifier: NoteVerifier) throws -> Checkpoint {
        let opened: Checkpoint
        do {
            opened = try Checkpoint.open(checkpoint, verifier: verifier)
        } catch let error as CheckpointError {
            throw ReceiptError(
                part: .checkpoint,
                reason: "the checkpoint or its signature was altered, or it was signed by another key (\(error.reason))")
        }
        let leafHash = Merkle.leafHash(entry)
        do {
            try Proofs.verifyInclusion(leafHash: leafHash, index: index, size: opened.size, proof: proof, root: opened.root)
        } catch let error as ProofError {
            if let extra, let issuedFor = Hash(bytes: extra), issuedFor != leafHash {
                throw ReceiptError(
                    part: .entry,
                    reason: "the entry differs from the one this receipt was issued for (its leaf hash is \(leafHash), the receipt's is \(issuedFor))")
            }
            throw ReceiptError(part: .proof, reason: "the inclusion proof does not lead to the checkpoint root: \(error)")
        }
        return opened
    }
}
