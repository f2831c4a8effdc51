import Crypto
import Foundation

/// A C2SP signed-note Ed25519 signer.
public struct NoteSigner: Sendable {
    private let key: Curve25519.Signing.PrivateKey
    public let verifier: NoteVerifier

    /// Parses Go's private key format "PRIVATE+KEY+<name>+<8 hex key id>+<base64(0x01 ‖ seed)>".
    public init(privateKey: String) throws {
        let parts = privateKey.split(separator: "+", maxSplits: 4, omittingEmptySubsequences: false)
        guard parts.count == 5, parts[0] == "PRIVATE", parts[1] == "KEY" else {
            throw NoteError(reason: "a private key has the form PRIVATE+KEY+<name>+<key id>+<key>")
        }
        let parsed = try NoteKey.parse(name: parts[2], keyID: parts[3], key: parts[4], what: "private key")
        let key: Curve25519.Signing.PrivateKey
        do {
            key = try Curve25519.Signing.PrivateKey(rawRepresentation: parsed.key)
        } catch {
            throw NoteError(reason: "the private key is not a valid Ed25519 seed")
        }
        let verifier = NoteVerifier(name: parsed.name, publicKey: Array(key.publicKey.rawRepresentation))
        guard verifier.keyID == parsed.keyID else { throw NoteKey.mismatchedKeyID(parsed.keyID, expected: verifier.keyID) }
        self.key = key
        self.verifier = verifier
    }

    private init(name: String, key: Curve25519.Signing.PrivateKey) {
        self.key = key
        verifier = NoteVerifier(name: name, publicKey: Array(key.publicKey.rawRepresentation))
    }

    /// A new random key; the name must be non-empty, without spaces or "+".
    public static func generate(name: String) throws -> NoteSigner {
        guard NoteKey.isValidName(name) else {
            throw NoteError(reason: "the key name \"\(name)\" is empty or contains a space or +")
        }
        return NoteSigner(name: name, key: Curve25519.Signing.PrivateKey())
    }

    public var name: String { verifier.name }
    public var keyID: UInt32 { verifier.keyID }

    /// Go's format, which `init(privateKey:)` reads.
    public var privateKey: String {
        "PRIVATE+KEY+\(name)+\(Hex.encode(keyID))+\(Base64.encode([NoteKey.ed25519] + Array(key.rawRepresentation)))"
    }

    /// "— <name> <base64(key id ‖ signature)>" (em dash, no trailing newline). The text must
    /// end with a newline and have no control characters other than newlines.
    public func signatureLine(for text: String) throws -> String {
        try NoteKey.checkText(text)
        let signature: Data
        do {
            signature = try key.signature(for: Array(text.utf8))
        } catch {
            throw NoteError(reason: "signing failed: \(error)")
        }
        let id = keyID
        var bytes: [UInt8] = [UInt8(id >> 24), UInt8(id >> 16 & 0xFF), UInt8(id >> 8 & 0xFF), UInt8(id & 0xFF)]
        bytes.append(contentsOf: signature)
        return "\u{2014} \(name) \(Base64.encode(bytes))"
    }
}
