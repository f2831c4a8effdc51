/// A C2SP tlog-checkpoint: the note text "<origin>\n<size>\n<base64 root>\n" followed by
/// optional extension lines.
public struct Checkpoint: Sendable, Equatable, CustomStringConvertible {
    public let origin: String
    public let size: UInt64
    public let root: Hash
    /// Opaque, non-empty lines after the root (best avoided: monitors cannot audit them).
    public let extensions: [String]

    public init(origin: String, size: UInt64, root: Hash, extensions: [String] = []) {
        self.origin = origin
        self.size = size
        self.root = root
        self.extensions = extensions
    }

    /// The note text, ending with a newline.
    public var text: String {
        var text = "\(origin)\n\(size)\n\(root.base64)\n"
        for line in extensions {
            text += line + "\n"
        }
        return text
    }

    public var description: String { "\(origin) size \(size) root \(root.base64)" }

    /// Parses note text strictly: a non-empty origin, the size in decimal without leading
    /// zeros, the root as canonical base64 of 32 bytes, non-empty extension lines, a final
    /// newline, no control characters.
    public init(text: String) throws {
        guard text.utf8.last == 0x0A else {
            throw CheckpointError(reason: "the checkpoint text does not end with a newline")
        }
        if let bad = text.utf8.first(where: { $0 < 0x20 && $0 != 0x0A }) {
            throw CheckpointError(reason: "the checkpoint contains the control character 0x\(Hex.encode([bad]))")
        }
        let lines = text.utf8.dropLast().split(separator: 0x0A, omittingEmptySubsequences: false).map {
            String(decoding: $0, as: UTF8.self)
        }
        guard lines.count >= 3 else {
            throw CheckpointError(reason: "a checkpoint has at least three lines: origin, size and root hash")
        }
        guard !lines[0].isEmpty else {
            throw CheckpointError(reason: "the checkpoint origin is empty")
        }
        guard let size = CanonicalDecimal.parse(lines[1]) else {
            throw CheckpointError(reason: "the checkpoint size \"\(lines[1])\" is not a decimal number without leading zeros")
        }
        guard let root = Hash(base64: lines[2]) else {
            throw CheckpointError(reason: "the checkpoint root \"\(lines[2])\" is not the base64 of 32 bytes")
        }
        let extensions = Array(lines[3...])
        guard !extensions.contains(where: \.isEmpty) else {
            throw CheckpointError(reason: "the checkpoint has an empty extension line")
        }
        self.init(origin: lines[0], size: size, root: root, extensions: extensions)
    }

    /// Parses a signed checkpoint, verifies it with `verifier`, whose key name must equal the
    /// origin, and returns it.
    public static func open(_ signedNote: String, verifier: NoteVerifier) throws -> Checkpoint {
        let note: Note
        do {
            note = try Note(parsing: signedNote)
        } catch let error as NoteError {
            throw CheckpointError(reason: "the checkpoint is not a well-formed signed note: \(error.reason)")
        }
        let checkpoint = try Checkpoint(text: note.text)
        do {
            _ = try note.verify(with: [verifier])
        } catch let error as NoteError {
            throw CheckpointError(reason: "the checkpoint's signature by \(verifier.name) does not verify: \(error.reason)")
        }
        guard checkpoint.origin == verifier.name else {
            throw CheckpointError(reason: "the checkpoint's origin \"\(checkpoint.origin)\" is not the key name \"\(verifier.name)\"")
        }
        return checkpoint
    }
}
