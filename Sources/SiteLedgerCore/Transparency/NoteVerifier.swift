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
        guard NoteKey.isValidName(parts[0]) else {
            throw NoteError(reason: "the key name \"\(parts[0])\" is empty or contains a space or +")
        }
        guard let keyID = Hex.decodeUInt32(parts[1]) else {
            throw NoteError(reason: "the key id \"\(parts[1])\" is not 8 hexadecimal digits")
        }
        let publicKey = try NoteKey.decodeEd25519(parts[2], what: "verifier key")
        let name = String(parts[0])
        let computed = NoteKey.keyID(name: name, type: NoteKey.ed25519, publicKey: publicKey)
        guard computed == keyID else {
            throw NoteError(reason: "the key id \(Hex.encode(keyID)) does not match the name and key (expected \(Hex.encode(computed)))")
        }
        self.name = name
        self.keyID = keyID
        self.publicKey = publicKey
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
