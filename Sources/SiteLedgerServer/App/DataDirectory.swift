import Foundation
import Crypto

/// The data directory (`./.siteledger` by default): the SQLite database and the secrets,
/// created on first start and readable by the owner only.
struct DataDirectory: Sendable {
    let url: URL

    init(_ url: URL) throws {
        self.url = url
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    }

    var sqlitePath: String { url.appendingPathComponent("siteledger.sqlite").path }

    /// A 256-bit secret stored in `name`, generated on first use. Never committed, never logged.
    func secret(named name: String) throws -> SymmetricKey {
        let file = url.appendingPathComponent(name)
        if let existing = try? Data(contentsOf: file), let decoded = Data(base64Encoded: existing.trimmingTrailingNewline) {
            return SymmetricKey(data: decoded)
        }
        let key = SymmetricKey(size: .bits256)
        let encoded = key.withUnsafeBytes { Data($0).base64EncodedData() } + Data("\n".utf8)
        guard FileManager.default.createFile(atPath: file.path, contents: encoded, attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: file.path])
        }
        return key
    }
}

private extension Data {
    var trimmingTrailingNewline: Data {
        var copy = self
        while copy.last == 0x0A || copy.last == 0x0D { copy.removeLast() }
        return copy
    }
}
