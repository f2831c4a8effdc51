/// The packets DOMAIN.md §1 quotes: the standard's worked example (HJ 212-2017 Appendix A,
/// whose prose misprints the CRC as 1C08) and two captured from devices in the field.
enum HJ212Samples {
    static let setInterval = "##0101QN=20160801085857223;ST=32;CN=1062;PW=100000;MN=010000A8900016F000169DC0;Flag=5;CP=&&RtdInterval=30&&1C80"
    static let dust = "##0239QN=20180821142509000;ST=39;CN=2011;PW=123456;MN=690000D5800028F889221AC0;Flag=4;CP=&&DataTime=20180821142509;a34004-Rtd=0.0;a34002-Rtd=0.0;a34001-Rtd=0.0;LA-Rtd=0.0;a01001-Rtd=0.0;a01002-Rtd=0.0;a01006-Rtd=0.0;a01007-Rtd=0.0;a01008-Rtd=0&&E541"
    static let minute = "##0411QN=20220513162608370;ST=22;CN=2051;PW=123456;MN=JLYP01_AIR01_0001;Flag=4;CP=&&DataTime=20220513162600;a21004-Avg=4,a21004-Flag=N;a05024-Avg=63,a05024-Flag=N;a21026-Avg=6,a21026-Flag=N;a21005-Avg=0.427,a21005-Flag=N;a34004-Avg=14,a34004-Flag=N;a34002-Avg=31,a34002-Flag=N;a01007-Avg=1,a01007-Flag=N;a01008-Avg=11,a01008-Flag=N;a01001-Avg=17,a01001-Flag=N;a01002-Avg=85,a01002-Flag=N;a01006-Avg=95,a01006-Flag=N&&D641"
    static let all = [setInterval, dust, minute]

    /// The data segment between the length and the CRC.
    static func segment(_ packet: String) -> String {
        String(packet.dropFirst(6).dropLast(4))
    }

    static func packet(_ segment: String) throws -> HJ212.Packet {
        try HJ212.Packet(parsing: HJ212.Frame(segment))
    }
}

import SiteLedgerCore
