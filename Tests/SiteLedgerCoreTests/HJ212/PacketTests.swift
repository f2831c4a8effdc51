import SiteLedgerCore
import Testing

@Suite("HJ 212 packets")
struct PacketTests {
    @Test func aDustUploadReadsFully() throws {
        let packet = try HJ212.Packet(parsing: HJ212.Frame(bytes: Array(HJ212Samples.dust.utf8)))
        #expect(packet.requestID == "20180821142509000")
        #expect(packet.systemCode == "39")
        #expect(packet.command == .realTimeData)
        #expect(packet.password == "123456")
        #expect(packet.deviceID == "690000D5800028F889221AC0")
        #expect(packet.flag?.version == .v2017 && packet.flag?.needsAnswer == false && packet.flag?.isSplit == false)
        #expect(packet.dataTime == HJ212.Timestamp(year: 2018, month: 8, day: 21, hour: 14, minute: 25, second: 9))
        #expect(packet.fields.map(\.factor) == ["a34004", "a34002", "a34001", "LA", "a01001", "a01002", "a01006", "a01007", "a01008"])
        #expect(packet.fields.allSatisfy { $0.kind == "Rtd" })
        #expect(packet.value("a34002", "Rtd") == 0 && packet.value("a01008", "Rtd") == 0)
        #expect(packet.parameters.isEmpty)
    }

    @Test func minuteDataKeepsEveryFactorWithItsFlag() throws {
        let packet = try HJ212.Packet(parsing: HJ212.Frame(bytes: Array(HJ212Samples.minute.utf8)))
        #expect(packet.command == .minuteData)
        #expect(packet.deviceID == "JLYP01_AIR01_0001")
        #expect(packet.fields.count == 22)
        #expect(packet.value("a21005", "Avg") == 0.427, "a factor a site station does not measure is kept")
        #expect(packet.value("a34002", "Avg") == 31)
        #expect(packet.fields.filter { $0.kind == "Flag" }.allSatisfy { $0.value == "N" })
    }

    @Test func aCommandCarriesItsParameter() throws {
        let packet = try HJ212.Packet(parsing: HJ212.Frame(bytes: Array(HJ212Samples.setInterval.utf8)))
        #expect(packet.command == .setRealTimeInterval)
        #expect(packet.flag?.needsAnswer == true)
        #expect(packet.parameters == ["RtdInterval": "30"])
        #expect(packet.dataTime == nil)
    }

    @Test func whatFieldDevicesDoDifferentlyIsAccepted() throws {
        let noHeaderFlag = try HJ212Samples.packet("ST=39;CN=2011;PW=123456;MN=SITE01;CP=&&DataTime=20260301080000;a34002-Rtd=55&&")
        #expect(noHeaderFlag.requestID == nil && noHeaderFlag.flag == nil && noHeaderFlag.version == .v2005)
        let epochQN = try HJ212Samples.packet("QN=1772323200000;ST=39;CN=2011;MN=SITE01;Flag=5;CP=&&DataTime=20260301080000;a34002-Rtd=55&&")
        #expect(epochQN.requestID == "1772323200000" && epochQN.flag?.needsAnswer == true)
        let split = try HJ212Samples.packet("QN=20260301080000001;ST=39;CN=2011;MN=SITE01;Flag=7;PNO=2;PNUM=3;CP=&&DataTime=20260301080000;LA-Rtd=61.5&&")
        #expect(split.packetCount == 3 && split.packetNumber == 2 && split.flag?.isSplit == true)
        let semicolons = try HJ212Samples.packet("ST=39;CN=2011;MN=SITE01;Flag=4;CP=&&DataTime=20260301080000;a34002-Rtd=62.7;a34002-Flag=N;LA-Rtd=58.1;LA-Flag=N&&")
        #expect(semicolons.fields == [.init("a34002", "Rtd", "62.7"), .init("a34002", "Flag", "N"), .init("LA", "Rtd", "58.1"), .init("LA", "Flag", "N")])
        let bareFlag = try HJ212Samples.packet("ST=39;CN=2011;MN=SITE01;Flag=5;CP=&&DataTime=20260301080000;a34002-Rtd=62.7;Flag=N&&")
        #expect(bareFlag.flag?.rawValue == 5 && bareFlag.parameters["Flag"] == "N", "CP's Flag is not the header's")
        let v2025 = try HJ212Samples.packet("QN=20260301080000001;ST=39;CN=2011;MN=SITE01;Flag=9;CP=&&DataTime=20260301080000;a34002-Rtd=1&&")
        #expect(v2025.version == .v2025 && v2025.flag?.needsAnswer == true)
        let empty = try HJ212Samples.packet("QN=20260301080000001;ST=91;CN=9014;MN=SITE01;Flag=4;CP=&&&&")
        #expect(empty.command == .dataAnswer && empty.fields.isEmpty && empty.parameters.isEmpty)
    }

    @Test func itemsAreCutAtTheirFirstEqualsSignAndFieldsAtTheirFirstDash() throws {
        let packet = try HJ212Samples.packet("ST=39;;CN=2011;MN=SITE-01;QNX=1;Fla=2;Flag=4;CP=&&DataTime=20260301080000;;a34002-Rtd-x=1,,Note=a=b-c;LA-Rtd=-2.5&&")
        #expect(packet.deviceID == "SITE-01" && packet.requestID == nil && packet.flag?.rawValue == 4, "names that only resemble the header's are not them")
        #expect(packet.fields == [.init("a34002", "Rtd-x", "1"), .init("LA", "Rtd", "-2.5")])
        #expect(packet.parameters == ["Note": "a=b-c"])
        #expect(packet.value("LA", "Rtd") == -2.5)
        #expect(throws: HJ212PacketError.malformedItem("a34002-Rtd")) { try HJ212Samples.packet("ST=39;CN=2011;MN=X;CP=&&a34002-Rtd;LA-Rtd=1&&") }
    }

    @Test func cpBeginsAtTheFirstCPAndItsAmpersandsWhateverAmpersandsComeBefore() throws {
        let packet = try HJ212Samples.packet("ST=39;CN=2011;PW=a&&b&;MN=&&CP=&;Flag=4;CP=&&a34002-Rtd=1&&")
        #expect(packet.password == "a&&b&" && packet.deviceID == "&&CP=&" && packet.value("a34002", "Rtd") == 1)
        #expect(throws: HJ212PacketError.missingCP) { try HJ212Samples.packet("ST=39;CN=2011;MN=X;P=&&;CP=&a34002-Rtd=1&&") }
    }

    /// Keys and values of every length from 1 to 12 bytes, so that a stop falls at each place of
    /// the reader's four-byte stride, and the segment ends at each place too.
    @Test func itemsOfEveryLengthAreCutWhereTheyEnd() throws {
        for length in 1...12 {
            let (key, value) = (String(repeating: "k", count: length), String(repeating: "7", count: length))
            let packet = try HJ212Samples.packet("ST=39;CN=2011;MN=\(value);CP=&&\(key)-\(key)=\(value),\(key)=\(value)&&")
            #expect(packet.deviceID == value && packet.fields == [.init(key, key, value)] && packet.parameters == [key: value])
        }
    }

    @Test func cpPackedWithTheShortestFieldsKeepsEveryOne() throws {
        for count in [1, 2, 3, 4, 5, 341, 2_000] {
            let cp = Array(repeating: "-=", count: count).joined(separator: count.isMultiple(of: 2) ? "," : ";")
            let packet = try HJ212Samples.packet("ST=39;CN=2011;MN=X;CP=&&\(cp)&&")
            #expect(packet.fields.count == count && packet.fields.allSatisfy { $0 == .init("", "", "") })
        }
    }

    @Test(arguments: [
        ("ST=39;CN=2011;PW=1;Flag=4;CP=&&a34002-Rtd=1&&", HJ212PacketError.missingField("MN")),
        ("ST=39;PW=1;MN=X;Flag=4;CP=&&a34002-Rtd=1&&", .missingField("CN")),
        ("ST=39;CN=20x1;MN=X;Flag=4;CP=&&&&", .invalidField("CN", value: "20x1")),
        ("QN=2026-03-01;ST=39;CN=2011;MN=X;CP=&&&&", .invalidField("QN", value: "2026-03-01")),
        ("ST=39;CN=2011;MN=X;Flag=five;CP=&&&&", .invalidField("Flag", value: "five")),
        ("ST=39;CN=2011;MN=X;Flag=4;a34002-Rtd=1", .missingCP),
        ("ST=39;CN=2011;MN=X;Flag=4;CP=&&a34002-Rtd=1", .unterminatedCP),
        ("ST=39;CN=2011;MN=X;Flag=4;CP=&&DataTime=20261301080000&&", .invalidField("DataTime", value: "20261301080000")),
        ("ST=39;CN=2011;MN=X;Flag=4;CP=&&DataTime=2026030108&&", .invalidField("DataTime", value: "2026030108")),
        ("ST=39;CN=2011;MN=X;Flag=4;CP=&&a34002-Rtd=1;garbage&&", .malformedItem("garbage")),
        ("ST=39;CN;MN=X;Flag=4;CP=&&&&", .malformedItem("CN")),
    ])
    func malformedSegmentsSayWhatIsWrong(_ segment: String, _ error: HJ212PacketError) {
        #expect(throws: error) { try HJ212Samples.packet(segment) }
    }
}

@Suite("HJ 212 split uploads")
struct ReassemblerTests {
    static func part(_ number: Int, of count: Int, _ cp: String, qn: String = "20260301080000001") throws -> HJ212.Packet {
        try HJ212Samples.packet("QN=\(qn);ST=39;CN=2011;PW=123456;MN=SITE01;Flag=7;PNUM=\(count);PNO=\(number);CP=&&\(cp)&&")
    }

    @Test func partsInAnyOrderMakeOneUpload() throws {
        var reassembler = HJ212.Reassembler()
        #expect(reassembler.add(try Self.part(3, of: 3, "DataTime=20260301080000;LA-Rtd=61.5"), now: 0) == nil)
        #expect(reassembler.add(try Self.part(1, of: 3, "DataTime=20260301080000;a34002-Rtd=62"), now: 1) == nil)
        #expect(reassembler.waiting == 2)
        let whole = try #require(reassembler.add(try Self.part(2, of: 3, "DataTime=20260301080000;a34004-Rtd=30"), now: 2))
        #expect(whole.fields.map(\.factor) == ["a34002", "a34004", "LA"])
        #expect(whole.flag == HJ212.Flag(version: .v2017, needsAnswer: true) && whole.packetCount == nil && whole.packetNumber == nil)
        #expect(whole.dataTime == HJ212.Timestamp(year: 2026, month: 3, day: 1, hour: 8, minute: 0, second: 0))
        #expect(reassembler.waiting == 0)
    }

    @Test func unsplitUploadsPassAndStalePartsExpire() throws {
        var reassembler = HJ212.Reassembler(timeout: 60)
        let whole = try HJ212Samples.packet(HJ212Samples.segment(HJ212Samples.dust))
        #expect(reassembler.add(whole, now: 0) == whole)
        #expect(reassembler.add(try Self.part(1, of: 2, "DataTime=20260301080000;a34002-Rtd=62"), now: 0) == nil)
        #expect(reassembler.add(try Self.part(2, of: 2, "DataTime=20260301080000;LA-Rtd=61.5"), now: 61) == nil, "its sibling expired")
        #expect(reassembler.waiting == 1)
    }
}
