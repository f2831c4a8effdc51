import SiteLedgerCore
import Testing

@Suite("Time-series charts as SVG")
struct TimeSeriesChartTests {
    /// 2026-11-21 00:00 in Beijing.
    static let midnight = 1_795_190_400
    static let hour = 3600, day = 86_400

    /// Hourly PM10 over the day, 40 to 120 µg/m³.
    static let hourly = (0...24).map { ChartPoint(time: midnight + $0 * hour, value: 40 + Double(($0 * 37) % 81)) }

    static func chart(
        title: String = "PM10 小时均值", series: [ChartSeries] = [ChartSeries(name: "工地 PM10", points: hourly)],
        thresholds: [ChartThreshold] = [], from: Int = midnight, to: Int = midnight + day, gapSeconds: Int = 2 * hour
    ) -> TimeSeriesChart {
        TimeSeriesChart(title: title, unit: "µg/m³", from: from, to: to, series: series, thresholds: thresholds, gapSeconds: gapSeconds)
    }

    /// The texts of the time axis, left to right.
    static func timeLabels(_ svg: ParsedSVG) -> [String] {
        svg.named("text").filter { $0.attributes["text-anchor"] == "middle" }.map(\.text)
    }

    static func subpaths(_ path: ParsedSVG.Element) -> Int {
        path.attributes["d", default: ""].count { $0 == "M" }
    }

    @Test func aChartIsAnAccessibleWellFormedImage() throws {
        let svg = try ParsedSVG(Self.chart().svg())
        #expect(svg.root?.name == "svg" && svg.root?.attributes["role"] == "img")
        #expect(svg.root?.attributes["aria-label"] == "PM10 小时均值（µg/m³）")
        #expect(svg.named("title").first?.text == "PM10 小时均值（µg/m³）")
        #expect(svg.withClass("series").count == 1)
        #expect(svg.named("text").contains { $0.text == "工地 PM10" }, "the legend names the series")
    }

    @Test func textIsEscapedEverywhere() throws {
        let name = "A<&\"B'>"
        let output = Self.chart(title: name, series: [ChartSeries(name: name, points: Self.hourly)], thresholds: [ChartThreshold(value: 150, label: name, level: .warning)]).svg()
        #expect(!output.contains(name))
        let svg = try ParsedSVG(output)
        #expect(svg.root?.attributes["aria-label"] == "\(name)（µg/m³）")
        #expect(svg.named("text").filter { $0.text.hasPrefix(name) }.count == 3, "title, legend and threshold label")
        let control = try ParsedSVG(Self.chart(title: "工地\u{1}\u{1B}A").svg())
        #expect(control.root?.attributes["aria-label"] == "工地A（µg/m³）", "characters XML 1.0 forbids are dropped")
    }

    @Test func anOfflineStretchBreaksTheLine() throws {
        // Minutes from 00:00 to 08:00 and from 11:00 to 24:00: offline three hours.
        let minutes = (0...1440).filter { !(481..<660).contains($0) }.map { ChartPoint(time: Self.midnight + $0 * 60, value: Double($0 % 97)) }
        let broken = try ParsedSVG(Self.chart(series: [ChartSeries(name: "PM10", points: minutes)], gapSeconds: 180).svg())
        let joined = try ParsedSVG(Self.chart(series: [ChartSeries(name: "PM10", points: minutes)], gapSeconds: 4 * Self.hour).svg())
        #expect(broken.withClass("series").map(Self.subpaths) == [2])
        #expect(joined.withClass("series").map(Self.subpaths) == [1])
    }

    @Test func anHourlySeriesBesideMinutesHasItsOwnGap() throws {
        let minutes = (0..<600).map { ChartPoint(time: Self.midnight + $0 * 60, value: 80) }
        let stations = ChartSeries(name: "国控点均值", points: Self.hourly, style: .reference, gapSeconds: 2 * Self.hour)
        let svg = try ParsedSVG(Self.chart(series: [ChartSeries(name: "工地 PM10", points: minutes), stations], gapSeconds: 180).svg())
        #expect(svg.withClass("series").map(Self.subpaths) == [1, 1], "hours apart is not offline for hourly data")
    }

    @Test func thinningAMonthNeitherHidesNorInventsGaps() throws {
        // A month of minutes offline for 3 hours on day 10, drawn 800 px wide.
        let start = Self.midnight - 20 * Self.day
        let minutes = (0..<43_200).filter { !(14_400..<14_580).contains($0) }.map { ChartPoint(time: start + $0 * 60, value: Double($0 % 113)) }
        let chart = Self.chart(series: [ChartSeries(name: "PM10", points: minutes)], from: start, to: start + 30 * Self.day, gapSeconds: 180)
        let path = try #require(try ParsedSVG(chart.svg(width: 800)).withClass("series").first)
        #expect(Self.subpaths(path) == 2)
        let commands = path.attributes["d", default: ""].count { $0 == "M" || $0 == "L" }
        #expect(commands <= 4 * (800 + 2), "about four points per pixel column, not 43,020")
    }

    @Test func aPointBetweenTwoGapsIsStillDrawn() throws {
        let points = [0, 60, 120, 7200, 14_400, 14_460].map { ChartPoint(time: Self.midnight + $0, value: 50) }
        let path = try #require(try ParsedSVG(Self.chart(series: [ChartSeries(name: "PM10", points: points)], gapSeconds: 300).svg()).withClass("series").first)
        #expect(Self.subpaths(path) == 3)
        #expect(path.attributes["d"]?.contains("h0") == true, "a zero-length segment: a dot with round caps")
    }

    @Test func thresholdsSitOnTheValueScale() throws {
        let thresholds = [ChartThreshold(value: 150, label: "预警 150", level: .warning), ChartThreshold(value: 200, label: "报警 200", level: .alarm)]
        let svg = try ParsedSVG(Self.chart(thresholds: thresholds).svg(width: 800, height: 320))
        let grid = Dictionary(uniqueKeysWithValues: zip(
            svg.named("text").filter { $0.attributes["text-anchor"] == "end" && $0.attributes["fill"] == "#6b7785" }.map(\.text),
            svg.withClass("grid").compactMap { $0.number("y1") }
        ))
        #expect(grid.keys.sorted { Double($0)! < Double($1)! } == ["0", "50", "100", "150", "200"], "from 0 to the highest threshold, though the data stop at 120")
        let zero = try #require(grid["0"]), top = try #require(grid["200"])
        let warning = try #require(svg.withClass("warning").first?.number("y1"))
        let alarm = try #require(svg.withClass("alarm").first?.number("y1"))
        #expect(abs(warning - (zero + 0.75 * (top - zero))) <= 0.1)
        #expect(alarm == top)
        #expect(svg.withClass("warning").first?.attributes["stroke"] == "#b26a00" && svg.withClass("alarm").first?.attributes["stroke"] == "#b42318")
    }

    @Test func aDayIsLabelledByTheHourInBeijingTime() throws {
        let svg = try ParsedSVG(Self.chart().svg(width: 600))
        #expect(Self.timeLabels(svg) == ["00:00", "06:00", "12:00", "18:00", "00:00"])
    }

    @Test func longerSpansAreLabelledByTheDay() throws {
        // From 20:00 on 11-20 in Beijing: the first tick is the next Beijing midnight.
        let from = Self.midnight - 4 * Self.hour
        let svg = try ParsedSVG(Self.chart(from: from, to: from + 5 * Self.day).svg(width: 800))
        #expect(Self.timeLabels(svg) == ["11-21", "11-22", "11-23", "11-24", "11-25"])
    }

    @Test func referenceLinesAreDashedGreyAndDrawnUnderTheSite() throws {
        let reference = ChartSeries(name: "国控点均值", points: Self.hourly.map { ChartPoint(time: $0.time, value: 55) }, style: .reference)
        let svg = try ParsedSVG(Self.chart(series: [ChartSeries(name: "工地 PM10", points: Self.hourly), reference]).svg())
        let paths = svg.withClass("series")
        #expect(paths.map { $0.classes.last } == ["reference", "primary"])
        #expect(paths[0].attributes["stroke"] == "#6b7785" && paths[0].attributes["stroke-dasharray"] != nil)
        #expect(paths[1].attributes["stroke-dasharray"] == nil)
    }

    @Test func coordinatesHaveAtMostOneDecimal() throws {
        let odd = Self.hourly.map { ChartPoint(time: $0.time + 7, value: $0.value / 3) }
        let output = Self.chart(series: [ChartSeries(name: "PM10", points: odd)]).svg(width: 777, height: 333)
        let d = try #require(try ParsedSVG(output).withClass("series").first?.attributes["d"])
        let numbers = d.split { "ML ".contains($0) }
        #expect(numbers.count == 2 * (odd.count - 1), "an x and a y for each point but the last, 7 s after the range")
        #expect(numbers.allSatisfy { Double($0) != nil && !$0.contains(/\.\d\d/) })
    }

    @Test func withoutPointsTheChartSaysSo() throws {
        let outside = [ChartPoint(time: Self.midnight - Self.day, value: 80)]
        for series in [[], [ChartSeries(name: "PM10", points: [])], [ChartSeries(name: "PM10", points: outside)]] {
            let svg = try ParsedSVG(Self.chart(series: series).svg())
            #expect(svg.named("text").contains { $0.text == "暂无数据" })
            #expect(svg.named("path").isEmpty && svg.withClass("grid").isEmpty)
        }
    }
}
