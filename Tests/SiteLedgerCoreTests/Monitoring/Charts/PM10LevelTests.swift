import SiteLedgerCore
import Testing

@Suite("PM10 levels by HJ 633-2012")
struct PM10LevelTests {
    /// HJ 633-2012 table 1: a breakpoint's IAQI still belongs to the lower category.
    @Test(arguments: [
        (0.0, PM10Level.excellent), (50, .excellent), (50.1, .good), (150, .good), (150.1, .lightlyPolluted),
        (250, .lightlyPolluted), (250.1, .moderatelyPolluted), (350, .moderatelyPolluted), (350.1, .heavilyPolluted),
        (420, .heavilyPolluted), (420.1, .severelyPolluted), (2000, .severelyPolluted),
    ])
    func breakpointsAreInclusiveUpperBounds(pm10: Double, level: PM10Level) {
        #expect(PM10Level(pm10: pm10) == level)
    }

    @Test func namesColoursAndRangesAreThoseOfTheStandard() {
        #expect(PM10Level.allCases.map(\.nameZH) == ["优", "良", "轻度污染", "中度污染", "重度污染", "严重污染"])
        #expect(PM10Level.allCases.map(\.color) == ["#00e400", "#ffff00", "#ff7e00", "#ff0000", "#99004c", "#7e0023"])
        #expect(PM10Level.allCases.map(\.rangeText) == ["0–50", "50–150", "150–250", "250–350", "350–420", ">420"])
    }
}
