/// C2SP tlog-tiles entry bundles: each entry as a big-endian uint16 length, then its bytes.
public enum EntryBundle {
    public static let maxEntrySize = 65_535

    /// Throws `TileError` if an entry is longer than `maxEntrySize` bytes.
    public static func encode(_ entries: [[UInt8]]) throws -> [UInt8] {
        var data: [UInt8] = []
        data.reserveCapacity(entries.reduce(0) { $0 + 2 + $1.count })
        for (position, entry) in entries.enumerated() {
            guard entry.count <= maxEntrySize else {
                throw TileError(reason: "entry \(position) of the bundle has \(entry.count) bytes; at most \(maxEntrySize) fit")
            }
            data.append(UInt8(entry.count >> 8))
            data.append(UInt8(entry.count & 0xFF))
            data.append(contentsOf: entry)
        }
        return data
    }

    /// Throws `TileError` when the data ends inside a length or an entry.
    public static func decode(_ data: some Collection<UInt8>) throws -> [[UInt8]] {
        var failedEntry = 0
        return try decode(data, failedEntry: &failedEntry)
    }

    /// `decode`, telling which entry (counted from 0 in the bundle) it failed at.
    static func decode(_ data: some Collection<UInt8>, failedEntry: inout Int) throws -> [[UInt8]] {
        let bytes = Array(data)
        var entries: [[UInt8]] = []
        var position = 0
        while position < bytes.count {
            failedEntry = entries.count
            guard position + 2 <= bytes.count else {
                throw TileError(reason: "the bundle is truncated: entry \(entries.count) has only 1 of its 2 length bytes")
            }
            let length = Int(bytes[position]) << 8 | Int(bytes[position + 1])
            position += 2
            guard position + length <= bytes.count else {
                throw TileError(reason: "the bundle is truncated: entry \(entries.count) declares \(length) bytes but only \(bytes.count - position) remain")
            }
            entries.append(Array(bytes[position..<position + length]))
            position += length
        }
        return entries
    }
}
