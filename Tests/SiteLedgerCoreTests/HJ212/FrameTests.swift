import SiteLedgerCore
import Testing

@Suite("HJ 212 frames and CRC")
struct FrameTests {
    @Test(arguments: HJ212Samples.all)
    func theCRCIsAppendixAs(_ packet: String) {
        let crc = HJ212.crc(Array(HJ212Samples.segment(packet).utf8))
        #expect(String(crc, radix: 16, uppercase: true).leftPadded(to: 4) == String(packet.suffix(4)))
    }

    @Test func crcIsNotModbus() {
        // CRC-16/MODBUS of "123456789" is 4B37; Appendix A's register folds bytes in differently.
        #expect(HJ212.crc(Array("123456789".utf8)) != 0x4B37)
    }

    @Test(arguments: HJ212Samples.all)
    func framesReadAndWriteByteForByte(_ packet: String) throws {
        let frame = try HJ212.Frame(bytes: Array((packet + "\r\n").utf8))
        #expect(frame.data.count == Int(packet.dropFirst(2).prefix(4))!)
        #expect(frame.bytes == Array((packet + "\r\n").utf8))
        #expect(try HJ212.Frame(bytes: Array(packet.utf8)) == frame, "the line end may be missing")
    }

    @Test func aLowerCaseCRCIsAccepted() throws {
        #expect(try HJ212.Frame(bytes: Array((HJ212Samples.dust.dropLast(4) + "e541").utf8)).data.count == 239)
    }

    @Test func aWrongCRCIsRefused() {
        #expect(throws: HJ212FrameError.crcMismatch(expected: 0xE541, received: 0xE542)) {
            try HJ212.Frame(bytes: Array(String(HJ212Samples.dust.dropLast(4) + "E542").utf8))
        }
    }

    @Test func aLengthThatLiesIsRefused() {
        let longer = "##0240" + HJ212Samples.dust.dropFirst(6)
        let shorter = "##0238" + HJ212Samples.dust.dropFirst(6)
        #expect(throws: HJ212FrameError.truncated(count: longer.utf8.count)) { try HJ212.Frame(bytes: Array(longer.utf8)) }
        #expect(throws: HJ212FrameError.invalidCRC("&E54")) { try HJ212.Frame(bytes: Array(shorter.utf8)) }
    }

    @Test func oversizedAndMalformedLengthsAreRefused() {
        #expect(throws: HJ212FrameError.oversized(length: 1025)) { try HJ212.Frame(bytes: Array("##1025QN=1".utf8)) }
        #expect(throws: HJ212FrameError.invalidLength("02x9")) { try HJ212.Frame(bytes: Array("##02x9QN=1".utf8)) }
    }

    @Test func garbageAroundAFrameIsNamed() {
        #expect(throws: HJ212FrameError.garbage(count: 5)) { try HJ212.Frame(bytes: Array(("hello" + HJ212Samples.dust).utf8)) }
        #expect(throws: HJ212FrameError.garbage(count: 3)) { try HJ212.Frame(bytes: Array((HJ212Samples.dust + "\r\nabc").utf8)) }
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}

@Suite("HJ 212 CRC against Appendix A's definition")
struct CRCDefinitionTests {
    /// Appendix A as DOMAIN.md writes it, bit by bit.
    static func definition(_ bytes: [UInt8]) -> UInt16 {
        var crc: UInt16 = 0xFFFF
        for byte in bytes {
            crc = (crc >> 8) ^ UInt16(byte)
            for _ in 0..<8 {
                let lsb = crc & 1
                crc >>= 1
                if lsb != 0 { crc ^= 0xA001 }
            }
        }
        return crc
    }

    @Test func everyLengthAndManyContentsAgree() {
        var generator = SystemRandomNumberGenerator()
        for length in 0...200 {
            for _ in 0..<5 {
                let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
                #expect(HJ212.crc(bytes) == Self.definition(bytes), "\(length) bytes")
            }
        }
    }
}
