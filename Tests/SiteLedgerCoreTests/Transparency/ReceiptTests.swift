import Foundation
import SiteLedgerCore
import Testing

@Suite("C2SP tlog-proof receipts")
struct ReceiptTests {
    let log: TestLog

    init() throws {
        log = try TestLog(size: 21)
    }

    func makeReceipt(index: Int, size: Int = 21, extra: Bool = true) throws -> Receipt {
        let proof = try Proofs.inclusion(index: UInt64(index), size: UInt64(size)).assemble(perfectHashes(perfectLevels(Array(log.levels[0].prefix(size)))))
        return Receipt(
            extra: extra ? log.levels[0][index].bytes : nil, index: UInt64(index), proof: proof,
            checkpoint: try log.checkpoint(size: size))
    }

    @Test func roundTripsAndVerifies() throws {
        for index in [0, 1, 7, 16, 20] {
            for extra in [true, false] {
                let receipt = try makeReceipt(index: index, extra: extra)
                #expect(receipt.text.hasPrefix("c2sp.org/tlog-proof@v1\n" + (extra ? "extra " : "index ")))
                #expect(try Receipt(parsing: receipt.text) == receipt)
                let checkpoint = try receipt.verify(entry: log.entries[index], verifier: log.signer.verifier)
                #expect(checkpoint.size == 21)
                #expect(checkpoint.origin == log.signer.name)
            }
        }
        let text = try makeReceipt(index: 16, extra: false).text
        #expect(text.split(separator: "\n", omittingEmptySubsequences: false)[1] == "index 16")
        let single = try makeReceipt(index: 0, size: 1)
        #expect(single.proof.isEmpty)
        #expect(try Receipt(parsing: single.text) == single)
        #expect(try single.verify(entry: log.entries[0], verifier: log.signer.verifier).size == 1)
        let empty = Receipt(extra: [], index: 0, proof: [], checkpoint: single.checkpoint)
        #expect(try Receipt(parsing: empty.text) == empty)
    }

    @Test func aChangedEntry_isNamed() throws {
        let receipt = try makeReceipt(index: 7)
        let error = #expect(throws: ReceiptError.self) { try receipt.verify(entry: log.entries[8], verifier: log.signer.verifier) }
        #expect(error?.part == .entry)
        #expect(error?.reason.contains("the entry differs from the one this receipt was issued for") == true)
        // Without the leaf hash in `extra`, an entry that does not fit is a failing proof.
        let plain = try makeReceipt(index: 7, extra: false)
        let plainError = #expect(throws: ReceiptError.self) { try plain.verify(entry: log.entries[8], verifier: log.signer.verifier) }
        #expect(plainError?.part == .proof)
    }

    @Test func aChangedProofOrIndex_isTheProof() throws {
        let receipt = try makeReceipt(index: 7)
        for position in receipt.proof.indices {
            var proof = receipt.proof
            var bytes = proof[position].bytes
            bytes[0] ^= 0x01
            proof[position] = Hash(bytes: bytes)!
            let tampered = Receipt(extra: receipt.extra, index: 7, proof: proof, checkpoint: receipt.checkpoint)
            let error = #expect(throws: ReceiptError.self) { try tampered.verify(entry: log.entries[7], verifier: log.signer.verifier) }
            #expect(error?.part == .proof)
        }
        for index: UInt64 in [6, 8, 21, 1000] {
            let moved = Receipt(extra: receipt.extra, index: index, proof: receipt.proof, checkpoint: receipt.checkpoint)
            let error = #expect(throws: ReceiptError.self) { try moved.verify(entry: log.entries[7], verifier: log.signer.verifier) }
            #expect(error?.part == .proof)
        }
        let short = Receipt(extra: receipt.extra, index: 7, proof: Array(receipt.proof.dropLast()), checkpoint: receipt.checkpoint)
        #expect((#expect(throws: ReceiptError.self) { try short.verify(entry: log.entries[7], verifier: log.signer.verifier) })?.part == .proof)
    }

    @Test func aChangedCheckpoint_isTheCheckpoint() throws {
        let receipt = try makeReceipt(index: 7)
        let checkpoint = receipt.checkpoint
        let otherKey = try NoteSigner.generate(name: log.signer.name)
        var signatureBytes = Array(checkpoint.utf8)
        let position = signatureBytes.count - 10
        let original = signatureBytes[position]
        signatureBytes[position] = original == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        let variants = [
            checkpoint.replacingOccurrences(of: "\n21\n", with: "\n22\n"),
            checkpoint.replacingOccurrences(of: log.signer.name + "\n", with: "other.example\n"),
            String(decoding: signatureBytes, as: UTF8.self),
            try Note.sign(text: Checkpoint(origin: log.signer.name, size: 21, root: log.root(size: 21)).text, with: [otherKey]),
            "garbage\n",
        ]
        for variant in variants {
            let tampered = Receipt(extra: receipt.extra, index: 7, proof: receipt.proof, checkpoint: variant)
            let error = #expect(throws: ReceiptError.self) { try tampered.verify(entry: log.entries[7], verifier: log.signer.verifier) }
            #expect(error?.part == .checkpoint)
            #expect(error?.reason.contains("the checkpoint or its signature was altered, or it was signed by another key") == true)
        }
        // The right checkpoint checked with another key.
        let error = #expect(throws: ReceiptError.self) { try receipt.verify(entry: log.entries[7], verifier: otherKey.verifier) }
        #expect(error?.part == .checkpoint)
    }

    @Test func anAlteredExtra_doesNotMatterWhenEntryAndProofVerify() throws {
        let receipt = try makeReceipt(index: 7)
        let altered = Receipt(extra: log.levels[0][3].bytes, index: 7, proof: receipt.proof, checkpoint: receipt.checkpoint)
        #expect(try altered.verify(entry: log.entries[7], verifier: log.signer.verifier).size == 21)
    }

    @Test func malformedReceipts_areFormatErrors() throws {
        let text = try makeReceipt(index: 7).text
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let firstHashLine = lines[3] + "\n"
        var variants: [String] = [
            "",
            String(text.dropFirst()),
            "c2sp.org/tlog-proof@v2" + text.dropFirst(22),
            text.replacingOccurrences(of: "index 7\n", with: "index 07\n"),
            text.replacingOccurrences(of: "index 7\n", with: "index  7\n"),
            text.replacingOccurrences(of: "index 7\n", with: "index -7\n"),
            text.replacingOccurrences(of: "index 7\n", with: ""),
            text.replacingOccurrences(of: "index 7\n", with: "Index 7\n"),
            text.replacingOccurrences(of: "extra ", with: "extra !"),
        ]
        variants.append(text.replacingOccurrences(of: firstHashLine, with: String(lines[3].dropLast()) + "\n"))
        variants.append(text.replacingOccurrences(of: firstHashLine, with: "AAAA\n"))
        variants.append(text.replacingOccurrences(of: "\n\n", with: "\n"))
        variants.append(lines[0...5].joined(separator: "\n") + "\n\n")
        for variant in variants {
            let error = #expect(throws: ReceiptError.self, "\(variant.prefix(60))") { try Receipt(parsing: variant) }
            #expect(error?.part == .format)
        }
    }
}
