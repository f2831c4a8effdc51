extension HJ212 {
    /// One field of a factor in CP, e.g. `a34002-Rtd=62.7` or `a34002-Flag=N`.
    public struct Field: Sendable, Equatable {
        /// The factor code: `a34002` PM10, `LA` noise, …
        public let factor: String
        /// `Rtd` real-time, `Min`/`Avg`/`Max` over the period, `Cou` cumulative, `Flag` data
        /// flag, `EFlag`, `SampleTime`.
        public let kind: String
        public let value: String

        public init(_ factor: String, _ kind: String, _ value: String) {
            self.factor = factor
            self.kind = kind
            self.value = value
        }
    }

    /// A packet's factor fields. Read from the wire they stay offsets into the data segment,
    /// so that reading a packet makes no string per field: the gateway reads hundreds of
    /// thousands a second and needs a handful of values from each.
    public struct Fields: RandomAccessCollection, Sendable, Equatable, ExpressibleByArrayLiteral {
        /// `factor-kind=value` as four offsets: where the factor begins, its dash, the `=`, and
        /// where the value ends.
        struct Span: Sendable {
            let start: Int32, dash: Int32, equals: Int32, end: Int32

            var factor: Range<Int> { Int(start) ..< Int(dash) }
            var kind: Range<Int> { Int(dash) + 1 ..< Int(equals) }
            var value: Range<Int> { Int(equals) + 1 ..< Int(end) }
        }

        private enum Storage: Sendable {
            case spans(data: [UInt8], [Span])
            case fields([Field])
        }

        private var storage: Storage

        public init(_ fields: [Field]) {
            storage = .fields(fields)
        }

        public init(arrayLiteral fields: Field...) {
            self.init(fields)
        }

        init(data: [UInt8], spans: [Span]) {
            storage = .spans(data: data, spans)
        }

        public var startIndex: Int { 0 }

        public var endIndex: Int {
            switch storage {
            case .spans(_, let spans): spans.count
            case .fields(let fields): fields.count
            }
        }

        public subscript(position: Int) -> Field {
            switch storage {
            case .fields(let fields): return fields[position]
            case .spans(let data, let spans):
                func text(_ range: Range<Int>) -> String { String(decoding: data[range], as: UTF8.self) }
                let span = spans[position]
                return Field(text(span.factor), text(span.kind), text(span.value))
            }
        }

        /// The value of `factor`'s field `kind` as a number, if it is one.
        public func value(_ factor: String, _ kind: String) -> Double? {
            switch storage {
            case .fields(let fields):
                return fields.first { $0.factor == factor && $0.kind == kind }.flatMap { Double($0.value) }
            case .spans(let data, let spans):
                var (factor, kind) = (factor, kind)
                return factor.withUTF8 { factor in
                    kind.withUTF8 { kind in
                        data.withUnsafeBufferPointer { bytes in
                            func slice(_ range: Range<Int>) -> Slice<UnsafeBufferPointer<UInt8>> { bytes[range] }
                            guard let span = spans.first(where: { slice($0.factor).spells(factor) && slice($0.kind).spells(kind) }) else { return nil }
                            return Decimal.parse(slice(span.value))
                        }
                    }
                }
            }
        }

        /// Calls `body` with each field's factor code, kind and value as UTF-8 bytes, valid during
        /// the call: a reading made from a packet needs strings only for the few fields it keeps
        /// as text, and reads its numbers from the bytes (`HJ212.number`).
        public func forEachField(_ body: (_ factor: UnsafeBufferPointer<UInt8>, _ kind: UnsafeBufferPointer<UInt8>, _ value: UnsafeBufferPointer<UInt8>) -> Void) {
            switch storage {
            case .spans(let data, let spans):
                data.withUnsafeBufferPointer { bytes in
                    func part(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: bytes[range]) }
                    for span in spans { body(part(span.factor), part(span.kind), part(span.value)) }
                }
            case .fields(let fields):
                for field in fields {
                    var (factor, kind, value) = (field.factor, field.kind, field.value)
                    factor.withUTF8 { factor in kind.withUTF8 { kind in value.withUTF8 { value in body(factor, kind, value) } } }
                }
            }
        }

        public static func == (lhs: Fields, rhs: Fields) -> Bool {
            lhs.elementsEqual(rhs)
        }
    }
}

extension Collection<UInt8> {
    /// Whether the bytes spell `literal`: compared as bytes, since a String's UTF-8 view is
    /// walked one code unit at a time.
    func spells(_ literal: StaticString) -> Bool {
        spells(UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    /// Compared byte by byte in memory where the bytes lie together, as they do in a frame: a
    /// generic `elementsEqual` over slices cost the reader more than its few short names.
    func spells(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard count == text.count else { return false }
        return withContiguousStorageIfAvailable { bytes in
            for index in 0 ..< bytes.count where bytes[index] != text[index] { return false }
            return true
        } ?? elementsEqual(text)
    }
}

extension HJ212 {
    /// A field's value as a number, if it is one: read from its bytes (`Double(String)` costs
    /// more than the rest of reading a packet).
    public static func number(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        Decimal.parse(bytes[...])
    }

    /// Numbers as devices write them: an optional sign, digits, an optional fraction and
    /// exponent. Plain ones are read here; anything else goes through `Double(String)`.
    enum Decimal {
        static func parse(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> Double? {
            var index = bytes.startIndex, negative = false
            if index < bytes.endIndex, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
                negative = bytes[index] == UInt8(ascii: "-")
                index += 1
            }
            var mantissa: UInt64 = 0, digits = 0, scale = 0, seenPoint = false
            while index < bytes.endIndex {
                let byte = bytes[index]
                if byte == UInt8(ascii: "."), !seenPoint {
                    seenPoint = true
                } else if (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte), digits < 15 {
                    mantissa = mantissa * 10 + UInt64(byte - UInt8(ascii: "0"))
                    digits += 1
                    if seenPoint { scale += 1 }
                } else {
                    return Double(String(decoding: bytes, as: UTF8.self))
                }
                index += 1
            }
            guard digits > 0 else { return nil }
            let value = Double(mantissa) / powersOfTen[scale]
            return negative ? -value : value
        }

        private static let powersOfTen: [Double] = (0...18).map { (0..<$0).reduce(1.0) { value, _ in value * 10 } }
    }
}
