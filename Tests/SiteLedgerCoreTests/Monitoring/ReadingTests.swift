import SiteLedgerCore
import Testing

@Suite("Readings from HJ 212 uploads")
struct ReadingTests {
    static func packet(_ sample: String) throws -> HJ212.Packet {
        try HJ212.Packet(parsing: HJ212.Frame(bytes: Array(sample.utf8)))
    }

    @Test func aDustUploadGivesEveryStationFactor() throws {
        let reading = try Reading(Self.packet(HJ212Samples.dust))
        #expect(reading.deviceID == "690000D5800028F889221AC0")
        #expect(reading.kind == .realTime)
        // DataTime 2018-08-21 14:25:09 in Beijing is 06:25:09 UTC.
        #expect(reading.time == 1_534_832_709)
        #expect(Set(reading.values.map(\.key)) == [.pm25, .pm10, .tsp, .noise, .temperature, .humidity, .pressure, .windSpeed, .windDirection])
        #expect(reading.values.allSatisfy { $0.value == 0 })
        #expect(reading.flags.isEmpty && reading.extra.isEmpty)
    }

    @Test func minuteDataTakesThePeriodsMeanAndKeepsTheRest() throws {
        let reading = try Reading(Self.packet(HJ212Samples.minute))
        #expect(reading.kind == .minute)
        #expect(reading.values == [.pm25: 14, .pm10: 31, .windSpeed: 1, .windDirection: 11, .temperature: 17, .humidity: 85, .pressure: 95])
        #expect(reading.extra["a21005-Avg"] == "0.427" && reading.extra["a21004-Flag"] == "N", "factors a station does not measure are kept")
        #expect(reading.flags.isEmpty, "N is a normal measurement")
    }

    @Test func flagsScalesAndNoiseCodes() throws {
        let packet = try HJ212Samples.packet(
            "QN=20260301080000001;ST=39;CN=2011;MN=SITE01;Flag=5;CP=&&DataTime=20260301080000;a34002-Rtd=0.062,a34002-Flag=D;a34004-Rtd=0.031;a01001-Rtd=-3.5;B03-Rtd=66.2,B03-Flag=N;a34002-Max=0.09&&"
        )
        let reading = try Reading(packet, particulateScale: 1000)
        #expect(reading.values[.pm10] == 62 && reading.values[.pm25] == 31, "mg/m³ become µg/m³")
        #expect(reading.values[.temperature] == -3.5, "temperatures are not particulate")
        #expect(reading.values[.noise] == 66.2, "B03 is HJ 212-2005's noise")
        #expect(reading.flags == [.pm10: "D"])
        #expect(reading.extra == ["a34002-Max": "0.09"])
    }

    /// A packet built in memory keeps its fields as strings, one read off the wire as offsets
    /// into its bytes: both must give the same reading.
    @Test func aBuiltPacketReadsLikeItsBytes() throws {
        let built = HJ212.Packet(
            requestID: "20260301080000001", systemCode: "39", command: .minuteData, deviceID: "SITE01", flag: HJ212.Flag(version: .v2017, needsAnswer: true),
            dataTime: HJ212.Timestamp(year: 2026, month: 3, day: 1, hour: 8, minute: 0, second: 0),
            fields: [
                HJ212.Field("a34002", "Avg", "0.062"), HJ212.Field("a34002", "Flag", "T"), HJ212.Field("a50001", "Avg", "58.5"),
                HJ212.Field("a50001", "Flag", "N"), HJ212.Field("a34002", "Rtd", "0.07"), HJ212.Field("a99999", "Avg", "3"),
            ]
        )
        let reading = try Reading(built, particulateScale: 1000)
        #expect(reading.values == [.pm10: 62, .noise: 58.5])
        #expect(reading.flags == [.pm10: "T"])
        #expect(reading.extra == ["a34002-Rtd": "0.07", "a99999-Avg": "3"], "minute data keeps Rtd beside its mean, and unknown codes")
        #expect(try Reading(HJ212.Packet(parsing: built.frame), particulateScale: 1000) == reading)
    }

    /// Values are read from the packet's bytes, not through `Double(String)`: every way a
    /// device may write a number must still give exactly what the standard library reads.
    @Test(arguments: ["62.7", "+5", "5.", ".5", "-0.25", "0000062.70", "1.5E2", "2e-3", "123456789012345", "1234567890.1234567", "6.5778491027943236", "1234567890123456789.5", "0.1000000000000000055511151231257827"])
    func aValueReadsAsTheStandardLibraryReadsIt(_ text: String) throws {
        let packet = try HJ212Samples.packet("QN=1;ST=39;CN=2011;MN=X;Flag=5;CP=&&DataTime=20260301080000;a01001-Rtd=\(text)&&")
        #expect(try Reading(packet).values[.temperature] == Double(text))
    }

    @Test(arguments: [
        ("QN=1;ST=32;CN=1062;MN=X;Flag=5;CP=&&RtdInterval=30&&", ReadingError.notData(.setRealTimeInterval)),
        ("QN=1;ST=39;CN=2011;MN=X;Flag=5;CP=&&a34002-Rtd=1&&", .missingDataTime),
        ("QN=1;ST=39;CN=2011;MN=X;Flag=5;CP=&&DataTime=20260301080000;a34002-Rtd=abc&&", .invalidValue("a34002-Rtd", "abc")),
        ("QN=1;ST=39;CN=2011;MN=X;Flag=5;CP=&&DataTime=20260301080000;LA-Rtd=inf&&", .invalidValue("LA-Rtd", "inf")),
    ])
    func uploadsWithoutAKeepableReadingSayWhy(_ segment: String, _ error: ReadingError) throws {
        let packet = try HJ212Samples.packet(segment)
        #expect(throws: error) { try Reading(packet) }
    }
}
