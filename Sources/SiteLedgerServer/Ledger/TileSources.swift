import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import SiteLedgerCore

/// A tlog-tiles log in a directory: the paths are file names.
public struct DirectoryTileSource: TileSource {
    let root: URL

    public init(root: URL) { self.root = root }

    public func read(_ path: String) async throws -> [UInt8]? {
        let file = root.appendingPathComponent(path)
        guard FileManager.default.fileExists(atPath: file.path) else { return nil }
        return [UInt8](try Data(contentsOf: file))
    }
}

/// A tlog-tiles log over HTTP: 404 is "not there", any other failure is an error.
public struct HTTPTileSource: TileSource {
    let prefix: String

    public init(prefix: String) { self.prefix = prefix }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    public func read(_ path: String) async throws -> [UInt8]? {
        let base = prefix.hasSuffix("/") ? prefix : prefix + "/"
        guard let url = URL(string: base + path) else { throw Failure(description: "\(base + path) is not a URL") }
        let (data, response) = try await URLSession.shared.data(from: url)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        if status == 404 { return nil }
        guard status == 200 else { throw Failure(description: "GET \(url) answered \(status)") }
        return [UInt8](data)
    }
}
