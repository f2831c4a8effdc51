import SiteLedgerCore
import Testing

@Suite("HJ 212 framer on a byte stream")
struct FramerTests {
    static let stream = Array(HJ212Samples.all.map { $0 + "\r\n" }.joined().utf8)

    func frames(_ chunks: [ArraySlice<UInt8>]) -> [HJ212.Framer.Event] {
        var framer = HJ212.Framer()
        var events: [HJ212.Framer.Event] = []
        for chunk in chunks {
            framer.append(chunk)
            while let event = framer.next() { events.append(event) }
        }
        if let rest = framer.finish() { events.append(.rejected(rest)) }
        return events
    }

    var expected: [HJ212.Framer.Event] {
        HJ212Samples.all.map { .frame(HJ212.Frame(HJ212Samples.segment($0))) }
    }

    @Test func gluedFramesComeApart() {
        #expect(frames([Self.stream[...]]) == expected)
    }

    @Test func framesSplitAtEveryByteComeTogether() {
        #expect(frames(Self.stream.map { [$0][...] }) == expected)
    }

    @Test(arguments: [2, 7, 64, 239, 500])
    func framesSplitIntoChunksComeTogether(_ size: Int) {
        let chunks = stride(from: 0, to: Self.stream.count, by: size).map { Self.stream[$0 ..< min($0 + size, Self.stream.count)] }
        #expect(frames(chunks) == expected)
    }

    @Test func theFramerResynchronizesAfterEachKindOfBadFrame() {
        let dust = HJ212Samples.dust, good = HJ212.Frame(HJ212Samples.segment(dust))
        let bad = [
            ("\u{00}\u{FF}junk", HJ212FrameError.garbage(count: 7)),
            (String(dust.dropLast(4)) + "0000", .crcMismatch(expected: 0xE541, received: 0x0000)),
            ("##0238" + dust.dropFirst(6), .invalidCRC("&E54")),
            ("##9999", .oversized(length: 9999)),
            ("##12a4", .invalidLength("12a4")),
        ]
        for (prefix, error) in bad {
            let events = frames([Array((prefix + dust + "\r\n").utf8)[...]])
            #expect(events.first == .rejected(error), "\(prefix.prefix(12))")
            #expect(events.last == .frame(good), "the good frame after \(prefix.prefix(12)) still arrives")
        }
    }

    @Test func aLengthThatClaimsTooMuchCostsOnlyItsOwnFrame() {
        let events = frames([Array(("##0300" + HJ212Samples.dust.dropFirst(6) + "\r\n" + HJ212Samples.minute + "\r\n").utf8)[...]])
        #expect(events.contains(.frame(HJ212.Frame(HJ212Samples.segment(HJ212Samples.minute)))))
        #expect(!events.contains(.frame(HJ212.Frame(HJ212Samples.segment(HJ212Samples.dust)))))
    }

    @Test func aConnectionEndingInsideAFrameSaysHowMuchWasLost() {
        let half = Array(HJ212Samples.dust.utf8.prefix(100))
        #expect(frames([half[...]]) == [.rejected(.truncated(count: 100))])
    }
}
