extension HJ212 {
    /// Cuts a TCP byte stream into frames. Frames arrive split and glued together, and among
    /// them garbage: the framer scans for `##`, reads the length, waits for the rest, and
    /// after anything it rejects resumes the scan two bytes on — a length that lied may hide
    /// the next frame inside what it claimed.
    public struct Framer: Sendable {
        public enum Event: Equatable, Sendable {
            case frame(Frame)
            case rejected(HJ212FrameError)
        }

        private var buffer: [UInt8] = []
        private var start = 0
        private let maxDataLength: Int

        public init(maxDataLength: Int = HJ212.maxDataLength) {
            self.maxDataLength = maxDataLength
        }

        public mutating func append(_ bytes: some Collection<UInt8>) {
            if start > 0, start >= buffer.count / 2 {
                buffer.removeFirst(start)
                start = 0
            }
            buffer.append(contentsOf: bytes)
        }

        /// Bytes held that do not make a whole frame yet.
        public var buffered: Int { buffer.count - start }

        /// The next frame or rejection in what has arrived; nil when it takes more bytes.
        public mutating func next() -> Event? {
            if let garbage = skipToFrameStart() { return .rejected(garbage) }
            guard buffer.count - start >= 6 else { return nil }
            let lengthField = buffer[start + 2 ..< start + 6]
            guard let length = HJ212.decimal(lengthField) else { return reject(.invalidLength(String(decoding: lengthField, as: UTF8.self))) }
            guard length <= maxDataLength else { return reject(.oversized(length: length)) }
            let dataStart = start + 6, crcStart = dataStart + length
            guard buffer.count >= crcStart + 4 else { return nil }
            let crcField = buffer[crcStart ..< crcStart + 4]
            guard let received = Self.hexadecimal(crcField) else { return reject(.invalidCRC(String(decoding: crcField, as: UTF8.self))) }
            let data = Array(buffer[dataStart ..< crcStart])
            let expected = HJ212.crc(data)
            guard received == expected else { return reject(.crcMismatch(expected: expected, received: received)) }
            start = crcStart + 4
            return .frame(Frame(data: data))
        }

        /// At the end of the stream: the rejection of what is left, if anything is.
        public mutating func finish() -> HJ212FrameError? {
            if let garbage = skipToFrameStart() { return garbage }
            let left = buffered
            start = buffer.count
            return left > 0 ? .truncated(count: left) : nil
        }

        /// Moves to the next `##`, passing over line ends silently and reporting anything else.
        private mutating func skipToFrameStart() -> HJ212FrameError? {
            var index = start, garbage = 0
            while index < buffer.count {
                let byte = buffer[index]
                if byte == UInt8(ascii: "#"), index + 1 == buffer.count || buffer[index + 1] == UInt8(ascii: "#") { break }
                if byte != 0x0D && byte != 0x0A { garbage += 1 }
                index += 1
            }
            start = index
            return garbage > 0 ? .garbage(count: garbage) : nil
        }

        private mutating func reject(_ error: HJ212FrameError) -> Event {
            start += 2
            return .rejected(error)
        }

        private static func hexadecimal(_ digits: ArraySlice<UInt8>) -> UInt16? {
            var value: UInt16 = 0
            for digit in digits {
                guard let nibble = Hex.value(of: digit) else { return nil }
                value = value << 4 | UInt16(nibble)
            }
            return value
        }
    }
}
