import Foundation
import SiteLedgerCore
import Testing

@Suite("C2SP checkpoints")
struct CheckpointTests {
    static let root = Merkle.root(of: syntheticLeaves(5))

    @Test func textRoundTrips() throws {
        let checkpoint = Checkpoint(origin: "ledger.example/siteledger", size: 5, root: Self.root)
        #expect(checkpoint.text == "ledger.example/siteledger\n5\n\(Self.root.base64)\n")
        #expect(try Checkpoint(text: checkpoint.text) == checkpoint)
        let extended = Checkpoint(origin: "o", size: 0, root: Merkle.emptyRoot, extensions: ["a b", "c"])
        #expect(extended.text == "o\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\na b\nc\n")
        #expect(try Checkpoint(text: extended.text) == extended)
        let max = Checkpoint(origin: "o", size: .max, root: Self.root)
        #expect(try Checkpoint(text: max.text).size == .max)
    }

    @Test(arguments: [
        "", "o\n5\n", "o\n5\nROT\n", "\n5\nROOT\n", "o\n05\nROOT\n", "o\n+5\nROOT\n", "o\n-5\nROOT\n", "o\n 5\nROOT\n",
        "o\n5 \nROOT\n", "o\n0x5\nROOT\n", "o\n18446744073709551616\nROOT\n", "o\n5\nROOT", "o\n5\nROOT\n\n",
        "o\n5\nROOT\next\n\n", "o\n5\nROOT\n\next\n", "o\n5\nROOT \n", "o\n5\n" + String(repeating: "A", count: 44) + "\n",
        "o\n5\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuA==\n", "o\n5\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU\n",
        "o\r\n5\nROOT\n", "o\n5\r\nROOT\n", "o\n５\nROOT\n",
    ])
    func malformedTextIsRejected(text: String) {
        let text = text.replacingOccurrences(of: "ROOT", with: Self.root.base64)
        #expect(throws: CheckpointError.self) { try Checkpoint(text: text) }
    }

    @Test func open_verifiesSignatureAndOrigin() throws {
        let signer = try NoteSigner.generate(name: "ledger.example/siteledger")
        let checkpoint = Checkpoint(origin: "ledger.example/siteledger", size: 5, root: Self.root)
        let signed = try Note.sign(text: checkpoint.text, with: [signer])
        #expect(try Checkpoint.open(signed, verifier: signer.verifier) == checkpoint)

        let other = try NoteSigner.generate(name: "ledger.example/siteledger")
        #expect(throws: CheckpointError.self) { try Checkpoint.open(signed, verifier: other.verifier) }
        let altered = signed.replacingOccurrences(of: "\n5\n", with: "\n6\n")
        #expect(throws: CheckpointError.self) { try Checkpoint.open(altered, verifier: signer.verifier) }

        let wrongOrigin = try Note.sign(text: Checkpoint(origin: "elsewhere.example", size: 5, root: Self.root).text, with: [signer])
        let error = #expect(throws: CheckpointError.self) { try Checkpoint.open(wrongOrigin, verifier: signer.verifier) }
        #expect(error?.reason.contains("origin") == true)

        #expect(throws: CheckpointError.self) { try Checkpoint.open("not a note", verifier: signer.verifier) }
        let notACheckpoint = try Note.sign(text: "hello\n", with: [signer])
        #expect(throws: CheckpointError.self) { try Checkpoint.open(notACheckpoint, verifier: signer.verifier) }
    }
}
