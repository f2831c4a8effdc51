import Crypto

/// The parts of C2SP signed-note keys shared by verifiers and signers.
enum NoteKey {
    /// The signature type byte of Ed25519 keys.
    static let ed25519: UInt8 = 0x01

    /// Key names are non-empty, without Unicode spaces or "+".
    static func isValidName(_ name: some StringProtocol) -> Bool {
        !name.isEmpty && !name.unicodeScalars.contains { $0 == "+" || $0.properties.isWhitespace }
    }

    /// SHA-256(name ‖ 0x0A ‖ type ‖ public key)[:4], big-endian.
    static func keyID(name: String, type: UInt8, publicKey: [UInt8]) -> UInt32 {
        var hasher = SHA256()
        var message = Array(name.utf8)
        message.append(0x0A)
        message.append(type)
        message.append(contentsOf: publicKey)
        message.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        return hasher.finalize().withUnsafeBytes { digest in
            digest.prefix(4).reduce(0) { $0 << 8 | UInt32($1) }
        }
    }

    /// The `<name>+<8 hex key id>+<base64(0x01 ‖ 32 bytes)>` tail both key strings share,
    /// checked: a valid name, an id in hex, an Ed25519 key.
    static func parse(name: Substring, keyID: Substring, key: Substring, what: String) throws -> (name: String, keyID: UInt32, key: [UInt8]) {
        guard isValidName(name) else {
            throw NoteError(reason: "the key name \"\(name)\" is empty or contains a space or +")
        }
        guard let id = Hex.decodeUInt32(keyID) else {
            throw NoteError(reason: "the key id \"\(keyID)\" is not 8 hexadecimal digits")
        }
        return (String(name), id, try decodeEd25519(key, what: what))
    }

    static func mismatchedKeyID(_ given: UInt32, expected: UInt32) -> NoteError {
        NoteError(reason: "the key id \(Hex.encode(given)) does not match the name and key (expected \(Hex.encode(expected)))")
    }

    /// "(0x01 ‖ 32 bytes)" in base64 → the 32 bytes.
    static func decodeEd25519(_ base64: some StringProtocol, what: String) throws -> [UInt8] {
        guard let bytes = Base64.decode(base64) else {
            throw NoteError(reason: "the \(what) is not valid base64")
        }
        guard bytes.count == 33 else {
            throw NoteError(reason: "the \(what) has \(bytes.count) bytes; an Ed25519 key is a type byte and 32 bytes")
        }
        guard bytes[0] == ed25519 else {
            throw NoteError(reason: "the \(what) has type byte \(bytes[0]); only Ed25519 (1) is supported")
        }
        return Array(bytes[1...])
    }

    /// The note text rules: ends in a newline, valid UTF-8 (Swift strings are), and no
    /// ASCII control characters other than newline.
    static func checkText(_ text: String) throws {
        guard text.utf8.last == 0x0A else {
            throw NoteError(reason: "the note text does not end with a newline")
        }
        try checkCharacters(text)
    }

    static func checkCharacters(_ text: some StringProtocol) throws {
        if let bad = text.utf8.first(where: { $0 < 0x20 && $0 != 0x0A }) {
            throw NoteError(reason: "the note contains the control character 0x\(Hex.encode([bad]))")
        }
    }
}
