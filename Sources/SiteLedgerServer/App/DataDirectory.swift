import Foundation
import Crypto

/// The data directory (`./.siteledger` by default): the SQLite database and the secrets,
/// readable by the owner only (enforced on every start, not only on creation).
struct DataDirectory: Sendable {
    let url: URL

    init(_ url: URL) throws {
        self.url = url
        let files = FileManager.default
        try files.createDirectory(at: url, withIntermediateDirectories: true)
        try files.setAttributes([.posixPermissions: 0o700], ofItemAtPath: url.path)
    }

    var sqlitePath: String { url.appendingPathComponent("siteledger.sqlite").path }

    /// A 256-bit secret: from `environment` when set (base64) — so that several processes
    /// behind a load balancer share it — otherwise from the file `name`, generated on first
    /// use. A file that exists but cannot be read as a key is an error, never silently
    /// replaced: replacing it would sign everyone out.
    func secret(named name: String, environment variable: String, in environment: [String: String] = ProcessInfo.processInfo.environment) throws -> SymmetricKey {
        if let given = environment[variable], !given.isEmpty {
            return try Self.key(fromBase64: Data(given.utf8), source: variable)
        }
        let file = url.appendingPathComponent(name)
        if FileManager.default.fileExists(atPath: file.path) {
            return try Self.key(fromBase64: Data(contentsOf: file), source: file.path)
        }
        let key = SymmetricKey(size: .bits256)
        let encoded = key.withUnsafeBytes { Data($0).base64EncodedData() } + Data("\n".utf8)
        guard FileManager.default.createFile(atPath: file.path, contents: encoded, attributes: [.posixPermissions: 0o600]) else {
            throw SecretError(source: file.path, reason: "cannot be created")
        }
        return key
    }

    private static func key(fromBase64 data: Data, source: String) throws -> SymmetricKey {
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let bytes = Data(base64Encoded: text), bytes.count >= 32 else {
            throw SecretError(source: source, reason: "is not a base64 key of at least 32 bytes")
        }
        return SymmetricKey(data: bytes)
    }
}

struct SecretError: Error, CustomStringConvertible {
    let source: String
    let reason: String

    var description: String { "secret \(source) \(reason)" }
}
