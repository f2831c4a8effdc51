/// Where the auditor reads a C2SP tlog-tiles log from, by paths relative to the log prefix:
/// "checkpoint", "tile/0/000", "tile/entries/000.p/5" ... Returns nil when there is no such
/// resource (HTTP 404, no file); throws for other failures.
public protocol TileSource: Sendable {
    func read(_ path: String) async throws -> [UInt8]?
}
