/// What a successful audit checked.
public struct AuditReport: Sendable {
    /// The verified checkpoint the audit was made against.
    public let checkpoint: Checkpoint
    /// Entries read and hashed (the checkpoint's size).
    public let entries: UInt64
    /// Hash tiles read, at all levels.
    public let tilesChecked: Int
    /// Entry bundles read.
    public let bundlesChecked: Int
    /// Human-readable lines, one per thing checked.
    public let lines: [String]

    public init(checkpoint: Checkpoint, entries: UInt64, tilesChecked: Int, bundlesChecked: Int, lines: [String]) {
        self.checkpoint = checkpoint
        self.entries = entries
        self.tilesChecked = tilesChecked
        self.bundlesChecked = bundlesChecked
        self.lines = lines
    }
}
