import SiteLedgerCore
import Testing

@Suite("HJ 212 answers and commands")
struct MessagesTests {
    static let device = HJ212.Device(deviceID: "010000A8900016F000169DC0", password: "100000", systemCode: "32", version: .v2017)

    @Test func theStandardsWorkedExampleIsReproducedByteForByte() {
        let frame = HJ212.setRealTimeInterval(of: Self.device, seconds: 30, requestID: "20160801085857223")
        #expect(frame.bytes == Array((HJ212Samples.setInterval + "\r\n").utf8))
    }

    @Test func anUploadIsAnsweredWithItsQNInItsVersion() throws {
        let upload = try HJ212Samples.packet("QN=20260301080000123;ST=39;CN=2011;PW=123456;MN=SITE01;Flag=5;CP=&&DataTime=20260301080000;a34002-Rtd=55&&")
        let answer = HJ212.dataAnswer(to: upload)
        #expect(String(decoding: answer.data, as: UTF8.self) == "QN=20260301080000123;ST=91;CN=9014;PW=123456;MN=SITE01;Flag=4;CP=&&&&")
        let reread = try HJ212.Packet(parsing: HJ212.Frame(bytes: answer.bytes))
        #expect(reread.command == .dataAnswer && reread.requestID == upload.requestID)
        let v2025 = try HJ212Samples.packet("QN=1;ST=39;CN=2011;MN=SITE01;Flag=9;CP=&&&&")
        #expect(HJ212.dataAnswer(to: v2025).data.contains(subsequence: "Flag=8;"))
        let v2005 = try HJ212Samples.packet("ST=39;CN=2011;MN=SITE01;CP=&&&&")
        #expect(String(decoding: HJ212.dataAnswer(to: v2005).data, as: UTF8.self) == "ST=91;CN=9014;MN=SITE01;Flag=0;CP=&&&&")
    }

    @Test func requestAndExecutionResultsCarryTheirCodes() throws {
        let request = try HJ212Samples.packet(HJ212Samples.segment(HJ212Samples.setInterval))
        let ready = try HJ212.Packet(parsing: HJ212.requestAnswer(.ready, to: request))
        #expect(ready.command == .requestAnswer && ready.parameters == ["QnRtn": "1"] && ready.systemCode == "91")
        let done = try HJ212.Packet(parsing: HJ212.executionResult(.succeeded, to: request))
        #expect(done.command == .executionResult && done.parameters == ["ExeRtn": "1"] && done.requestID == "20160801085857223")
        #expect(try HJ212.Packet(parsing: HJ212.requestAnswer(.wrongPassword, to: request)).parameters == ["QnRtn": "3"])
    }

    @Test func timeAndIntervalCommandsAskForAnAnswer() throws {
        let time = HJ212.Timestamp(year: 2026, month: 11, day: 21, hour: 9, minute: 30, second: 5)!
        let set = try HJ212.Packet(parsing: HJ212.setTime(of: Self.device, to: time, requestID: "20261121093005000"))
        #expect(set.command == .setTime && set.parameters == ["SystemTime": "20261121093005"] && set.flag?.needsAnswer == true && set.systemCode == "32")
        #expect(try HJ212.Packet(parsing: HJ212.readTime(of: Self.device, requestID: "1")).command == .readTime)
        #expect(try HJ212.Packet(parsing: HJ212.setMinuteInterval(of: Self.device, minutes: 10, requestID: "1")).parameters == ["MinInterval": "10"])
    }

    @Test func requestIDsAreBeijingMilliseconds() {
        // 2016-08-01 00:58:57.223 UTC is 08:58:57.223 in Beijing: the worked example's QN.
        #expect(HJ212.requestID(atMilliseconds: 1_470_013_137_223) == "20160801085857223")
        #expect(HJ212.requestID(atMilliseconds: 1_470_013_137_005) == "20160801085857005")
    }

    @Test(arguments: [0, 951_782_400, 1_470_013_137, 1_709_251_199, 4_102_444_800])
    func timestampsRoundTrip(_ seconds: Int) {
        #expect(HJ212.Timestamp(secondsSince1970: seconds).secondsSince1970 == seconds)
    }
}

private extension Array where Element == UInt8 {
    func contains(subsequence text: String) -> Bool {
        let needle = Array(text.utf8)
        return indices.contains { self[$0...].starts(with: needle) }
    }
}

@Suite("HJ 212 packets written")
struct PacketWritingTests {
    @Test(arguments: [HJ212Samples.dust, HJ212Samples.setInterval])
    func aPacketReadIsWrittenBackByteForByte(_ sample: String) throws {
        let packet = try HJ212.Packet(parsing: HJ212.Frame(bytes: Array(sample.utf8)))
        #expect(packet.frame.bytes == Array((sample + "\r\n").utf8))
    }

    @Test func subFieldsOfAFactorAreJoinedByCommas() throws {
        let packet = try HJ212.Packet(parsing: HJ212.Frame(bytes: Array(HJ212Samples.minute.utf8)))
        #expect(packet.frame.bytes == Array((HJ212Samples.minute + "\r\n").utf8))
    }
}
