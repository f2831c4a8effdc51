extension HJ212.Packet {
    /// One `key=value` item of a data segment or of CP, as offsets into its bytes; `dash` is
    /// where the key's first `-` divides a factor code from its field (`a34002-Rtd`).
    struct Item {
        let key: Range<Int>, dash: Int?, value: Range<Int>
    }

    /// What a byte is to the item reader: most bytes are text, a few end or divide an item.
    struct ByteClass: OptionSet {
        let rawValue: UInt8

        static let semicolon = ByteClass(rawValue: 1), comma = ByteClass(rawValue: 2), equals = ByteClass(rawValue: 4), dash = ByteClass(rawValue: 8)

        /// Looked up once per byte: one load and a test instead of a comparison per kind of
        /// delimiter, in the loop the reader spends most of its time in.
        static let table: [ByteClass] = (0 ... 255).map { byte in
            switch UInt8(byte) {
            case UInt8(ascii: ";"): .semicolon
            case UInt8(ascii: ","): .comma
            case UInt8(ascii: "="): .equals
            case UInt8(ascii: "-"): .dash
            default: []
            }
        }
    }

    /// The items between separators, read one at a time: the key ends at the first `=`, the
    /// value runs to the next separator (so it may hold `=`), and empty items are passed over.
    struct Items {
        private let bytes: UnsafeBufferPointer<UInt8>, classes: UnsafeBufferPointer<ByteClass>, separators: ByteClass
        private var index: Int
        private let end: Int

        init(_ range: Range<Int>, of bytes: UnsafeBufferPointer<UInt8>, classes: UnsafeBufferPointer<ByteClass>, separators: ByteClass) {
            (self.bytes, self.classes, self.separators) = (bytes, classes, separators)
            (index, end) = (range.lowerBound, range.upperBound)
        }

        mutating func next() throws(HJ212PacketError) -> Item? {
            let keyStops = separators.union([.equals, .dash])
            while index < end {
                let start = index
                var dash: Int?, stop = advance(to: keyStops)
                while stop == .dash {
                    dash = dash ?? index
                    index += 1
                    stop = advance(to: keyStops)
                }
                guard stop == .equals else {
                    guard index == start else { throw .malformedItem(String(decoding: bytes[start ..< index], as: UTF8.self)) }
                    index += 1
                    continue
                }
                let equals = index
                index += 1
                _ = advance(to: separators)
                defer { index += 1 }
                return Item(key: start ..< equals, dash: dash, value: equals + 1 ..< index)
            }
            return nil
        }

        /// Moves `index` to the next byte of a class in `stops` and returns that class, or `[]`
        /// at the end of the range. Four bytes a turn: one test of the range's end for four of
        /// the bytes. Written out, since as a `for` over the four the compiler kept a loop and
        /// the reader took 6 % more instructions.
        private mutating func advance(to stops: ByteClass) -> ByteClass {
            func stop(at offset: Int) -> ByteClass { classes[Int(bytes[index + offset])].intersection(stops) }
            while index + 4 <= end {
                var found = stop(at: 0)
                if !found.isEmpty { return found }
                found = stop(at: 1)
                if !found.isEmpty { index += 1; return found }
                found = stop(at: 2)
                if !found.isEmpty { index += 2; return found }
                found = stop(at: 3)
                if !found.isEmpty { index += 3; return found }
                index += 4
            }
            while index < end {
                let found = stop(at: 0)
                if !found.isEmpty { return found }
                index += 1
            }
            return []
        }
    }
}
