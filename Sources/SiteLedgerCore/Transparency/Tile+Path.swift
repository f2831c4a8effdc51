extension Tile {
    /// "tile/0/x001/x234/067", "tile/1/000.p/5", "tile/entries/x001/234.p/17": relative to the
    /// log prefix, no leading slash. The index is written in 3-digit groups, all but the last
    /// prefixed with "x"; ".p/W" marks a partial tile of width W.
    public var path: String {
        var groups: [UInt64] = []
        var rest = index
        repeat {
            groups.append(rest % 1000)
            rest /= 1000
        } while rest != 0
        var path = "tile/" + (level == Tile.entriesLevel ? "entries" : String(level))
        for (position, group) in groups.reversed().enumerated() {
            path += position == groups.count - 1 ? "/" : "/x"
            if group < 100 { path += "0" }
            if group < 10 { path += "0" }
            path += String(group)
        }
        if !isFull {
            path += ".p/" + String(width)
        }
        return path
    }

    /// Parses exactly the form `path` produces; anything else (leading slash, non-canonical
    /// numbers, extra zero groups, width 0 or >= 256, level > 63 ...) throws `TileError`.
    public init(path: String) throws {
        func fail(_ why: String) -> TileError {
            TileError(reason: "malformed tile path \"\(path)\": \(why)")
        }
        var components = path.split(separator: "/", omittingEmptySubsequences: false)
        guard components.count >= 3, components[0] == "tile" else {
            throw fail("expected tile/<level>/<index>[.p/<width>]")
        }
        let level: Int
        if components[1] == "entries" {
            level = Tile.entriesLevel
        } else if let value = CanonicalDecimal.parse(components[1]), value <= 63 {
            level = Int(value)
        } else {
            throw fail("the level must be \"entries\" or a decimal 0...63 without leading zeros")
        }
        components.removeFirst(2)

        var width = Tile.width
        if components.count >= 2, components[components.count - 2].hasSuffix(".p") {
            guard let value = CanonicalDecimal.parse(components[components.count - 1]), (1...255).contains(value) else {
                throw fail("the partial width must be a decimal 1...255 without leading zeros")
            }
            width = Int(value)
            components.removeLast()
            components[components.count - 1] = components[components.count - 1].dropLast(2)
        }

        var index: UInt64 = 0
        for (position, component) in components.enumerated() {
            let isLast = position == components.count - 1
            var digits = Substring(component)
            if !isLast {
                guard digits.first == "x" else { throw fail("every index group but the last starts with x") }
                digits = digits.dropFirst()
            }
            guard digits.utf8.count == 3, digits.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
                  let group = UInt64(digits)
            else {
                throw fail("index groups are 3 decimal digits")
            }
            if position == 0 && !isLast && group == 0 {
                throw fail("the index has a leading zero group")
            }
            let (times1000, overflow1) = index.multipliedReportingOverflow(by: 1000)
            let (sum, overflow2) = times1000.addingReportingOverflow(group)
            guard !overflow1, !overflow2 else { throw fail("the index is too large") }
            index = sum
        }
        self.init(level: level, index: index, width: width)
    }
}
