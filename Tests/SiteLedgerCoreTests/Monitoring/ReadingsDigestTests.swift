import Testing
@testable import SiteLedgerCore

@Suite("Monitoring: hourly digests of stored readings")
struct ReadingsDigestTests {
    static let midnight = 1_795_190_400
    static let minuteSeries = Reading(deviceID: "SL01", kind: .minute, time: midnight, values: [.pm25: 12.34])
    static let realTime = Reading(
        deviceID: "SL01", kind: .realTime, time: midnight + 60, values: [.pm10: 61.5, .noise: 58],
        flags: [.pm10: "D"], extra: ["a99999-Rtd": "7"]
    )

    @Test func linesEchoTheFieldsSortedByName() {
        #expect(ReadingsDigest.line(Self.realTime, receivedAt: Self.midnight + 61)
            == "1795190460 2011 1795190461 LA-Rtd=58 a34002-Flag=D a34002-Rtd=61.5 a99999-Rtd=7\n")
        #expect(ReadingsDigest.number(1e-05) == "1e-05" && ReadingsDigest.number(-3) == "-3")
        let spliced = Reading(deviceID: "SL01", kind: .realTime, time: Self.midnight, values: [:], extra: ["x-Rtd": "1 y-Rtd=2%"])
        #expect(ReadingsDigest.line(spliced, receivedAt: Self.midnight) == "1795190400 2011 1795190400 x-Rtd=1%20y-Rtd%3D2%25\n", "one field cannot pass for two")
    }

    /// The expected hashes are Python's `hashlib.sha256` of the text the doc comment describes,
    /// written out by hand, and of nothing.
    @Test func theHashIsOfTheLinesInTimeOrder() {
        let digest = ReadingsDigest([(Self.realTime, Self.midnight + 61), (Self.minuteSeries, Self.midnight + 300)])
        #expect(digest == ReadingsDigest(readings: 2, sha256: "1cf89967018eb420b2d41c9001d306c51bef655b1ad21e34f5bcff4ffd2a4797"))
        #expect(ReadingsDigest([]).sha256 == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func anyChangeToAReadingChangesTheHash() {
        let original = ReadingsDigest([(Self.realTime, Self.midnight + 61)])
        var edited = Self.realTime
        edited.values[.pm10] = 61.4
        var unflagged = Self.realTime
        unflagged.flags = [:]
        for changed in [ReadingsDigest([(edited, Self.midnight + 61)]), ReadingsDigest([(unflagged, Self.midnight + 61)]), ReadingsDigest([(Self.realTime, Self.midnight + 62)])] {
            #expect(changed.readings == 1 && changed.sha256 != original.sha256)
        }
    }
}
