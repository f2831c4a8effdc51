/// A line chart of monitoring data over time (趋势图), described as a value and drawn as SVG for
/// the pages: the site's series, reference series such as 国控点均值, and the limits that apply.
public struct TimeSeriesChart: Equatable, Sendable {
    /// E.g. "PM10 小时均值".
    public var title: String
    /// E.g. "µg/m³", written after the title.
    public var unit: String
    /// The time axis, seconds since the Unix epoch; points outside it are not drawn.
    public var from: Int, to: Int
    public var series: [ChartSeries]
    public var thresholds: [ChartThreshold]
    /// Consecutive points further apart than this are not joined: a station that was offline
    /// shows as a gap, not as a straight line that looks like data. A series may have its own
    /// (`ChartSeries.gapSeconds`).
    public var gapSeconds: Int

    public init(title: String, unit: String, from: Int, to: Int, series: [ChartSeries], thresholds: [ChartThreshold] = [], gapSeconds: Int) {
        self.title = title
        self.unit = unit
        self.from = from
        self.to = to
        self.series = series
        self.thresholds = thresholds
        self.gapSeconds = gapSeconds
    }

    /// The chart as a standalone `<svg>` element `width` × `height` px, for a page to insert as
    /// it is: every text escaped, the same markup for the same chart. Long series are thinned
    /// to what the width can show (`Downsampling.minMax`, one bucket per pixel column) after
    /// the gaps are found, so thinning never hides or invents an offline period.
    public func svg(width: Int = 800, height: Int = 320) -> String {
        let label = unit.isEmpty ? title : "\(title)（\(unit)）"
        let visible = series.map { $0.points[range(of: $0.points)] }
        guard visible.contains(where: { !$0.isEmpty }) else {
            let message = SVG.text("暂无数据", x: Double(width) / 2, y: Double(height) / 2, anchor: "middle", fill: ChartPalette.muted, size: 14)
            return SVG.document(width: width, height: height, role: "img", label: label, body: titleMarkup() + message)
        }
        var body = titleMarkup()
        let legend = legend().render(x: Self.plotLeft, y: Self.titleHeight, width: Double(width) - Self.plotLeft)
        body += legend.markup
        let frame = Frame(left: Self.plotLeft, top: Self.titleHeight + legend.height + 10, right: Double(width) - 16, bottom: Double(height) - 24)
        let scale = valueScale(of: visible, frame: frame)
        body += valueAxis(scale, frame: frame) + timeAxis(frame: frame) + thresholdLines(scale, frame: frame)
        for index in drawingOrder {
            body += path(of: visible[index], series: series[index], color: color(ofSeriesAt: index), scale: scale, frame: frame)
        }
        return SVG.document(width: width, height: height, role: "img", label: label, body: body)
    }

    private static let plotLeft = 48.0, titleHeight = 28.0

    /// The plot area, in px.
    private struct Frame {
        var left, top, right, bottom: Double
        var width: Double { max(right - left, 1) }
        var height: Double { max(bottom - top, 1) }
    }

    private func titleMarkup() -> String {
        let unitMarkup = unit.isEmpty ? "" : "<tspan fill=\"\(ChartPalette.muted)\" font-size=\"12\" font-weight=\"400\">（\(SVG.escape(unit))）</tspan>"
        return "<text x=\"0\" y=\"18\" font-size=\"14\" font-weight=\"600\">\(SVG.escape(title))\(unitMarkup)</text>"
    }

    /// The indices of `points` within `from...to`.
    private func range(of points: [ChartPoint]) -> Range<Int> {
        let start = points.firstIndex { $0.time >= from } ?? points.endIndex
        let end = points[start...].firstIndex { $0.time > to } ?? points.endIndex
        return start..<end
    }

    /// Reference lines first, so the site's lines are drawn over them.
    private var drawingOrder: [Int] {
        series.indices.filter { series[$0].style == .reference } + series.indices.filter { series[$0].style == .primary }
    }

    /// Primary series take the site's colours in turn; references are grey.
    private func color(ofSeriesAt index: Int) -> String {
        guard series[index].style == .primary else { return ChartPalette.muted }
        let rank = series[..<index].count { $0.style == .primary }
        return ChartPalette.series[rank % ChartPalette.series.count]
    }

    private static func dash(of style: ChartSeries.Style) -> String? {
        style == .reference ? "6 4" : nil
    }

    private func legend() -> ChartLegend {
        ChartLegend(entries: series.indices.map { index in
            let color = color(ofSeriesAt: index), dash = Self.dash(of: series[index].style)
            return ChartLegend.Entry(label: series[index].name) { x, y in
                SVG.line(x1: x, y1: y, x2: x + 16, y2: y, stroke: color, width: 2, dash: dash)
            }
        })
    }

    /// From 0 (or the lowest point) to above the highest point and the highest threshold.
    private func valueScale(of visible: [ArraySlice<ChartPoint>], frame: Frame) -> ValueScale {
        let values = visible.joined().lazy.map(\.value)
        let high = max(values.max() ?? 0, thresholds.lazy.map(\.value).max() ?? 0)
        return ValueScale(low: values.min() ?? 0, high: high, maxIntervals: Int(frame.height / 40))
    }

    private func y(_ value: Double, _ scale: ValueScale, _ frame: Frame) -> Double {
        frame.bottom - scale.fraction(value) * frame.height
    }

    private func x(_ time: Int, _ frame: Frame) -> Double {
        frame.left + Double(time - from) / Double(max(to - from, 1)) * frame.width
    }

    private func valueAxis(_ scale: ValueScale, frame: Frame) -> String {
        scale.ticks.map { tick in
            let y = y(tick, scale, frame)
            return SVG.line(x1: frame.left, y1: y, x2: frame.right, y2: y, stroke: ChartPalette.line, className: "grid")
                + SVG.text(scale.label(tick), x: frame.left - 6, y: y + 4, anchor: "end", fill: ChartPalette.muted)
        }.joined()
    }

    private func timeAxis(frame: Frame) -> String {
        let ticks = TimeTicks(from: from, to: max(to, from), maxCount: Int(frame.width / 80))
        var markup = SVG.line(x1: frame.left, y1: frame.bottom, x2: frame.right, y2: frame.bottom, stroke: ChartPalette.muted)
        for (time, label) in zip(ticks.times, ticks.labels) {
            let x = x(time, frame)
            markup += SVG.line(x1: x, y1: frame.bottom, x2: x, y2: frame.bottom + 4, stroke: ChartPalette.muted)
            markup += SVG.text(label, x: x, y: frame.bottom + 17, anchor: "middle", fill: ChartPalette.muted)
        }
        return markup
    }

    private func thresholdLines(_ scale: ValueScale, frame: Frame) -> String {
        thresholds.map { threshold in
            let y = y(threshold.value, scale, frame), color = threshold.level.color
            let className = threshold.level == .alarm ? "threshold alarm" : "threshold warning"
            return SVG.line(x1: frame.left, y1: y, x2: frame.right, y2: y, stroke: color, width: 1.5, dash: "6 4", className: className)
                + SVG.text(threshold.label, x: frame.right - 2, y: y - 4, anchor: "end", fill: color)
        }.joined()
    }

    /// One subpath per stretch without a gap, each thinned to a point per pixel column; a
    /// stretch of one point is a dot (a zero-length segment with round caps).
    private func path(of points: ArraySlice<ChartPoint>, series: ChartSeries, color: String, scale: ValueScale, frame: Frame) -> String {
        guard !points.isEmpty else { return "" }
        let gapSeconds = series.gapSeconds ?? self.gapSeconds
        var d = ""
        var start = points.startIndex
        for index in points.indices where index == points.endIndex - 1 || points[index + 1].time - points[index].time > gapSeconds {
            let stretch = points[start...index]
            let pixels = x(points[index].time, frame) - x(points[start].time, frame)
            let kept = Downsampling.minMax(stretch, into: Int(pixels.rounded(.up)))
            for (number, point) in kept.enumerated() {
                d += "\(number == 0 ? "M" : "L")\(SVG.px(x(point.time, frame))) \(SVG.px(y(point.value, scale, frame)))"
            }
            if kept.count == 1 { d += "h0" }
            start = index + 1
        }
        let className = series.style == .reference ? "series reference" : "series primary"
        let dashed = Self.dash(of: series.style).map { " stroke-dasharray=\"\($0)\"" } ?? ""
        return "<path class=\"\(className)\" d=\"\(d)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\"\(dashed) stroke-linejoin=\"round\" stroke-linecap=\"round\"/>"
    }
}
