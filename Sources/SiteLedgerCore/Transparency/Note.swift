/// A C2SP signed note: text ending in a newline, a blank line, then signature lines
/// "— <key name> <base64(key id ‖ signature)>".
public struct Note: Sendable, Equatable {
    public struct Signature: Sendable, Equatable {
        public let name: String
        public let keyID: UInt32
        /// The signature bytes after the key id.
        public let signature: [UInt8]

        public init(name: String, keyID: UInt32, signature: [UInt8]) {
            self.name = name
            self.keyID = keyID
            self.signature = signature
        }
    }

    /// Go's note package refuses notes with more; the spec requires accepting 16.
    public static let maxSignatures = 100

    /// Ends with "\n"; does not include the blank line.
    public let text: String
    public let signatures: [Signature]

    /// Parses the structure (not the signatures' validity; see `verify(with:)`).
    public init(parsing note: String) throws {
        try NoteKey.checkCharacters(note)
        let bytes = Array(note.utf8)
        // The text ends at the last blank line.
        var split: Int?
        var i = bytes.count - 1
        while i > 0 {
            if bytes[i] == 0x0A && bytes[i - 1] == 0x0A {
                split = i - 1
                break
            }
            i -= 1
        }
        guard let split else {
            throw NoteError(reason: "the note has no blank line before its signatures")
        }
        let signatureBlock = bytes[(split + 2)...]
        guard !signatureBlock.isEmpty else {
            throw NoteError(reason: "the note has no signatures")
        }
        guard signatureBlock.last == 0x0A else {
            throw NoteError(reason: "the note does not end with a newline")
        }
        var signatures: [Signature] = []
        for lineBytes in signatureBlock.dropLast().split(separator: 0x0A, omittingEmptySubsequences: false) {
            guard signatures.count < Note.maxSignatures else {
                throw NoteError(reason: "the note has more than \(Note.maxSignatures) signatures")
            }
            signatures.append(try Note.parseSignature(String(decoding: lineBytes, as: UTF8.self)))
        }
        text = String(decoding: bytes[...split], as: UTF8.self)
        self.signatures = signatures
    }

    /// Parses and checks the UTF-8 of a note read from bytes.
    public init(parsing bytes: some Collection<UInt8>) throws {
        let bytes = Array(bytes)
        let note = String(decoding: bytes, as: UTF8.self)
        // Decoding replaces invalid sequences, so valid UTF-8 is exactly what survives it.
        guard note.utf8.elementsEqual(bytes) else {
            throw NoteError(reason: "the note is not valid UTF-8")
        }
        try self.init(parsing: note)
    }

    private static func parseSignature(_ line: String) throws -> Signature {
        guard line.hasPrefix("\u{2014} ") else {
            throw NoteError(reason: "a signature line does not start with an em dash and a space: \"\(line)\"")
        }
        let rest = line.dropFirst(2)
        guard let space = rest.firstIndex(of: " ") else {
            throw NoteError(reason: "a signature line has no space between key name and signature: \"\(line)\"")
        }
        let name = rest[..<space]
        let encoded = rest[rest.index(after: space)...]
        guard NoteKey.isValidName(name) else {
            throw NoteError(reason: "a signature line has an invalid key name: \"\(line)\"")
        }
        guard let bytes = Base64.decode(encoded) else {
            throw NoteError(reason: "a signature is not valid base64: \"\(line)\"")
        }
        guard bytes.count >= 5 else {
            throw NoteError(reason: "a signature is too short to hold a key id and a signature: \"\(line)\"")
        }
        let keyID = bytes.prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        return Signature(name: String(name), keyID: keyID, signature: Array(bytes[4...]))
    }

    /// The full signed note: `text`, a blank line, one signature line per signer.
    public static func sign(text: String, with signers: [NoteSigner]) throws -> String {
        guard !signers.isEmpty else {
            throw NoteError(reason: "a note needs at least one signer")
        }
        var note = text + "\n"
        for signer in signers {
            note += try signer.signatureLine(for: text) + "\n"
        }
        return note
    }

    /// The verifiers whose signatures verify, in signature order. Signatures by unknown keys
    /// (name and key id not both matching a verifier) are ignored; a known key's failing
    /// signature throws "invalid signature"; none verifying throws "no verifiable signatures".
    public func verify(with verifiers: [NoteVerifier]) throws -> [NoteVerifier] {
        var verified: [NoteVerifier] = []
        for signature in signatures {
            guard let verifier = verifiers.first(where: { $0.name == signature.name && $0.keyID == signature.keyID }) else {
                continue
            }
            guard verifier.verify(text: text, signature: signature.signature) else {
                throw NoteError.invalidSignature
            }
            if !verified.contains(verifier) {
                verified.append(verifier)
            }
        }
        guard !verified.isEmpty else { throw NoteError.noVerifiableSignatures }
        return verified
    }
}
