import Foundation
import SiteLedgerCore

/// `ledger export DIR`: the log as static C2SP tlog-tiles files that any web server can
/// serve as a public mirror. Full tiles already in DIR are immutable and kept; the
/// checkpoint is written last, so a mirror never names tiles it does not have yet.
enum LedgerExport {
    struct Summary: Sendable {
        let size: UInt64
        let written: Int
        let kept: Int
    }

    static func write(_ log: LedgerLog, to directory: URL) async throws -> Summary {
        guard let checkpoint = try await log.checkpoint() else { throw LedgerFault("the log has no signed checkpoint yet") }
        let files = FileManager.default
        var (written, kept) = (0, 0)
        for tile in Tile.hashTiles(forSize: checkpoint.size) + Tile.entryBundles(forSize: checkpoint.size) {
            let file = directory.appendingPathComponent(tile.path)
            if tile.isFull, files.fileExists(atPath: file.path) {
                kept += 1
                continue
            }
            guard let data = try await log.contents(of: tile, size: checkpoint.size) else { throw LedgerFault("\(tile.path) is missing from the store") }
            try files.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: file, options: .atomic)
            written += 1
        }
        try Data(checkpoint.note.utf8).write(to: directory.appendingPathComponent("checkpoint"), options: .atomic)
        return Summary(size: checkpoint.size, written: written, kept: kept)
    }
}
