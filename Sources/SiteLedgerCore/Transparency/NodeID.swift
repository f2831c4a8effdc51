/// A perfect (complete) subtree of the Merkle tree: `level` is its height (0 = a leaf) and
/// `index` its position among the nodes of that height. It covers the leaves
/// `[index << level, (index + 1) << level)`.
///
/// Ordered by level, then index.
public struct NodeID: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let level: Int
    public let index: UInt64

    public init(level: Int, index: UInt64) {
        precondition((0...63).contains(level), "a node level is 0...63")
        self.level = level
        self.index = index
    }

    /// The first leaf the subtree covers.
    public var firstLeaf: UInt64 { index << level }

    /// One past the last leaf the subtree covers (saturating at UInt64.max).
    public var endLeaf: UInt64 {
        let (end, overflow) = (index + 1).multipliedReportingOverflow(by: 1 << UInt64(level))
        return overflow ? .max : end
    }

    /// Whether the subtree is complete in a tree of `size` leaves.
    public func isInside(size: UInt64) -> Bool {
        index < size >> level
    }

    public static func < (lhs: NodeID, rhs: NodeID) -> Bool {
        (lhs.level, lhs.index) < (rhs.level, rhs.index)
    }

    public var description: String { "(level \(level), index \(index))" }
}
