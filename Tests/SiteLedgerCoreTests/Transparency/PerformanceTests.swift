import SiteLedgerCore
import Testing

/// Loose bounds, met with a wide margin even by debug builds, that catch an accidental
/// quadratic or allocation-heavy path. (Release builds integrate over 1,000,000 entries/s
/// and make an inclusion proof at 1M entries in microseconds.)
@Suite("Transparency performance")
struct PerformanceTests {
    @Test func integrating50000Entries_takesWellUnderASecondPerHundredThousand() {
        let entries = (0..<50_000).map { Array("{\"kind\":\"attendance.batch\",\"n\":\($0)}".utf8) }
        var range = CompactRange()
        let elapsed = ContinuousClock().measure {
            for entry in entries {
                range.append(Merkle.leafHash(entry))
            }
        }
        #expect(range.size == 50_000)
        #expect(elapsed < .seconds(5))
    }

    @Test func inclusionProofsAtAMillionEntries_takeWellUnderAMillisecond() throws {
        let size: UInt64 = 1_000_000
        let filler = Merkle.leafHash([1])
        let runs = 1000
        let elapsed = try ContinuousClock().measure {
            for run in 0..<runs {
                let index = UInt64(run * 997)
                let plan = try Proofs.inclusion(index: index, size: size)
                let proof = try plan.assemble { _ in filler }
                _ = try Proofs.rootFromInclusion(leafHash: filler, index: index, size: size, proof: proof)
            }
        }
        #expect(elapsed / runs < .milliseconds(1))
    }
}
