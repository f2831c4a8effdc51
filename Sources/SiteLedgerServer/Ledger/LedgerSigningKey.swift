import Foundation
import SiteLedgerCore

/// The log's Ed25519 signing key, in Go's private-key format (`PRIVATE+KEY+<origin>+...`):
/// from `SITELEDGER_LEDGER_KEY`, else the file `SITELEDGER_LEDGER_KEY_FILE`, else
/// `ledger.key` in the data directory, created on first start. Several processes sharing a
/// PostgreSQL database must be given the same key. The key's name is the log's origin.
enum LedgerSigningKey {
    static func load(origin: String?, dataDirectory: DataDirectory, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> NoteSigner {
        let signer: NoteSigner
        if let given = environment["SITELEDGER_LEDGER_KEY"], !given.isEmpty {
            signer = try parse(given, source: "SITELEDGER_LEDGER_KEY")
        } else {
            let file = environment["SITELEDGER_LEDGER_KEY_FILE"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
                ?? dataDirectory.url.appendingPathComponent("ledger.key")
            signer = try FileManager.default.fileExists(atPath: file.path)
                ? parse(String(decoding: try Data(contentsOf: file), as: UTF8.self), source: file.path)
                : create(at: file, origin: origin ?? defaultOrigin())
        }
        if let origin, origin != signer.name {
            throw SecretError(source: "the ledger key", reason: "is named \(signer.name), but the configured origin is \(origin)")
        }
        return signer
    }

    /// A new log's origin when none is configured: unique, so that two installations' checkpoints never look alike.
    static func defaultOrigin() -> String {
        "siteledger.local/" + (0..<4).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
    }

    private static func parse(_ text: String, source: String) throws -> NoteSigner {
        do {
            return try NoteSigner(privateKey: text.trimmingCharacters(in: .whitespacesAndNewlines))
        } catch {
            throw SecretError(source: source, reason: "is not a signing key in Go's PRIVATE+KEY+ format: \(error)")
        }
    }

    private static func create(at file: URL, origin: String) throws -> NoteSigner {
        let signer = try NoteSigner.generate(name: origin)
        guard FileManager.default.createFile(atPath: file.path, contents: Data((signer.privateKey + "\n").utf8), attributes: [.posixPermissions: 0o600]) else {
            throw SecretError(source: file.path, reason: "cannot be created")
        }
        return signer
    }
}
