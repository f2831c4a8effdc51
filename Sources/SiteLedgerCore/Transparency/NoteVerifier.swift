import Crypto
import Foundation

/// A C2SP signed-note Ed25519 verifier key: "<name>+<8 hex key id>+<base64(0x01 ‖ key)>".
public struct NoteVerifier: Sendable, Hashable, CustomStringConvertible {
    public let name: String
    public let keyID: UInt32
    /// The 32-byte Ed25519 public key.
    public let publicKey: [UInt8]

    /// Parses a verifier key, splitting on the first two "+" (base64 may contain more), and
    /// checks that the key id is the one the name and key imply.
    public init(verifierKey: String) throws {
        let parts = verifierKey.split(separator: "+", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3 else {
            throw NoteError(reason: "a verifier key has the form <name>+<key id>+<key>")
        }
        let parsed = try NoteKey.parse(name: parts[0], keyID: parts[1], key: parts[2], what: "verifier key")
        let computed = NoteKey.keyID(name: parsed.name, type: NoteKey.ed25519, publicKey: parsed.key)
        guard computed == parsed.keyID else { throw NoteKey.mismatchedKeyID(parsed.keyID, expected: computed) }
        self.name = parsed.name
        self.keyID = parsed.keyID
        self.publicKey = parsed.key
    }

    init(name: String, publicKey: [UInt8]) {
        self.name = name
        self.publicKey = publicKey
        keyID = NoteKey.keyID(name: name, type: NoteKey.ed25519, publicKey: publicKey)
    }

    public var verifierKey: String {
        "\(name)+\(Hex.encode(keyID))+\(Base64.encode([NoteKey.ed25519] + publicKey))"
    }

    public var description: String { verifierKey }

    /// Whether `signature` (64 bytes, without the key id) is this key's Ed25519 signature of
    /// `text`.
    public func verify(text: String, signature: [UInt8]) -> Bool {
        guard signature.count == 64,
              let key = try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey)
        else { return false }
        return key.isValidSignature(signature, for: Array(text.utf8))
    }
}
