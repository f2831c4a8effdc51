import Foundation
@testable import SiteLedgerCore
import Testing

@Suite("Base64, hex and decimals of the C2SP formats")
struct EncodingTests {
    @Test func base64_agreesWithFoundation() {
        var generator = SplitMix64(seed: 1)
        for length in 0..<70 {
            let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            let encoded = Base64.encode(bytes)
            #expect(encoded == Data(bytes).base64EncodedString())
            #expect(Base64.decode(encoded) == bytes)
        }
    }

    @Test(arguments: ["A", "AA", "AAA", "A===", "AA=A", "A=AA", "=AAA", "AAA==", "AA==AAAA", "AB==", "AAB=", "AA\nA", "AA A", "AA-_"])
    func base64_refusesNonCanonicalInput(input: String) {
        #expect(Base64.decode(input) == nil)
    }

    @Test func base64_acceptsPadding() {
        #expect(Base64.decode("") == [])
        #expect(Base64.decode("AA==") == [0])
        #expect(Base64.decode("AAA=") == [0, 0])
        #expect(Base64.decode("AAAA") == [0, 0, 0])
        #expect(Base64.decode("/+8=") == [0xFF, 0xEF])
    }

    @Test func hex() {
        #expect(Hex.encode([0x00, 0xAB, 0x7F]) == "00ab7f")
        #expect(Hex.decode("00aB7f") == [0x00, 0xAB, 0x7F])
        #expect(Hex.decode("0") == nil)
        #expect(Hex.decode("0g") == nil)
        #expect(Hex.decodeUInt32("c74f20a3") == 0xC74F_20A3)
        #expect(Hex.decodeUInt32("c74f20a") == nil)
        #expect(Hex.decodeUInt32("+74f20a3") == nil)
        #expect(Hex.encode(UInt32(0x0102_0304)) == "01020304")
    }

    @Test func decimals() {
        #expect(CanonicalDecimal.parse("0") == 0)
        #expect(CanonicalDecimal.parse("18446744073709551615") == .max)
        for bad in ["", "00", "01", "-1", "+1", " 1", "1 ", "18446744073709551616", "99999999999999999999", "1e3", "١"] {
            #expect(CanonicalDecimal.parse(bad) == nil, "\(bad)")
        }
    }
}
