import SiteLedgerCore
import Testing

@Suite("Hash")
struct HashTests {
    static let hex = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    static let base64 = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="

    @Test func roundTripsThroughEveryForm() throws {
        let hash = try #require(Hash(hex: Self.hex))
        #expect(hash == Merkle.emptyRoot)
        #expect(hash.hex == Self.hex)
        #expect(hash.description == Self.hex)
        #expect(hash.base64 == Self.base64)
        #expect(Hash(base64: Self.base64) == hash)
        #expect(Hash(bytes: hash.bytes) == hash)
        #expect(Hash(bytes: hash.bytes[...]) == hash)
        #expect(Hash(hex: Self.hex.uppercased()) == hash)
        #expect(hash.withUnsafeBytes { Array($0) } == hash.bytes)
        #expect(hash.bytes.count == 32)
        #expect(MemoryLayout<Hash>.size == 32)
    }

    @Test func rejectsWrongSizesAndEncodings() {
        #expect(Hash(bytes: [UInt8](repeating: 1, count: 31)) == nil)
        #expect(Hash(bytes: [UInt8](repeating: 1, count: 33)) == nil)
        #expect(Hash(hex: String(Self.hex.dropLast())) == nil)
        #expect(Hash(hex: Self.hex + "00") == nil)
        #expect(Hash(hex: "g" + Self.hex.dropFirst()) == nil)
        #expect(Hash(base64: String(Self.base64.dropLast())) == nil)  // no padding
        #expect(Hash(base64: "47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU=") == nil)  // URL alphabet
        #expect(Hash(base64: "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFV=") == nil)  // non-canonical last bits
        #expect(Hash(base64: "AAAA") == nil)
        #expect(Hash(base64: "") == nil)
    }

    @Test func isHashableByValue() {
        let a = Merkle.leafHash([1])
        let b = Merkle.leafHash([1])
        let c = Merkle.leafHash([2])
        #expect(Set([a, b, c]).count == 2)
        #expect(a == b && a != c)
    }
}
