/// One line of a time-series chart.
public struct ChartSeries: Equatable, Sendable {
    /// How a line reads.
    public enum Style: Equatable, Sendable {
        /// The site's own measurement: solid, in the site's colours.
        case primary
        /// Something to compare the site with, such as 国控点均值 (the mean of the county's
        /// national control stations): dashed grey, behind the site's lines.
        case reference
    }

    /// The legend's name, e.g. "工地 PM10" or "国控点均值".
    public var name: String
    /// Sorted by time.
    public var points: [ChartPoint]
    public var style: Style
    /// The chart's `gapSeconds` for this series alone, for one of another cadence: hourly
    /// 国控点 data beside a site's minutes. Nil takes the chart's.
    public var gapSeconds: Int?

    public init(name: String, points: [ChartPoint], style: Style = .primary, gapSeconds: Int? = nil) {
        self.name = name
        self.points = points
        self.style = style
        self.gapSeconds = gapSeconds
    }
}
