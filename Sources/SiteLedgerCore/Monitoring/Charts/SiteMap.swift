/// The regulator's overview (工地分布图): every site where it is, coloured by its latest hourly
/// PM10, ringed red while it has alarms, hollow when all its devices are offline, each a link to
/// the site's page. No base map: the sites' positions relative to each other are the point.
public struct SiteMap: Equatable, Sendable {
    /// Labels the map for screen readers and heads it.
    public var title: String
    public var sites: [SiteMarker]

    public init(title: String = "工地分布", sites: [SiteMarker]) {
        self.title = title
        self.sites = sites
    }

    /// The map as a standalone `<svg>` element `width` × `height` px for a page to insert as it
    /// is; every text escaped, the same markup for the same sites. Its role is `group`, not
    /// `img`, so that screen readers still reach the sites' links.
    public func svg(width: Int = 800, height: Int = 600) -> String {
        let label = "\(title)（\(sites.count) 个工地）"
        var body = "<text x=\"0\" y=\"18\" font-size=\"14\" font-weight=\"600\">\(SVG.escape(title))</text>"
        let legend = Self.legend.render(x: 0, y: 28, width: Double(width))
        body += legend.markup
        let top = 28 + legend.height + 8, mapHeight = max(Double(height) - top, 1)
        body += "<rect x=\"0\" y=\"\(SVG.px(top))\" width=\"\(width)\" height=\"\(SVG.px(mapHeight))\" rx=\"6\" fill=\"\(ChartPalette.background)\" stroke=\"\(ChartPalette.line)\"/>"
        guard !sites.isEmpty else {
            body += SVG.text("暂无数据", x: Double(width) / 2, y: top + mapHeight / 2, anchor: "middle", fill: ChartPalette.muted, size: 14)
            return SVG.document(width: width, height: height, role: "group", label: label, body: body)
        }
        let inset = 20.0
        let projection = MapProjection(
            fitting: sites.map { ($0.latitude, $0.longitude) },
            left: inset, top: top + inset, width: max(Double(width) - 2 * inset, 1), height: max(mapHeight - 2 * inset, 1)
        )
        body.reserveCapacity(body.utf8.count + sites.count * 400)
        for site in sites {
            body += Self.marker(site, at: projection.point(latitude: site.latitude, longitude: site.longitude))
        }
        return SVG.document(width: width, height: height, role: "group", label: label, body: body)
    }

    private static let radius = 6.0

    /// How a marker is drawn.
    private struct Look {
        var fill: String, stroke: String, strokeWidth = 1.0, className = "site"

        static func level(_ level: PM10Level) -> Look { Look(fill: level.color, stroke: ChartPalette.ink) }
        static let noData = Look(fill: ChartPalette.noData, stroke: ChartPalette.muted, className: "site no-data")
        static let offline = Look(fill: "#fff", stroke: ChartPalette.muted, strokeWidth: 2, className: "site offline")

        /// A site's PM10 level's colour, grey without data, hollow when nothing it shows is
        /// current.
        init(of site: SiteMarker) {
            if site.isOffline { self = .offline } else if let pm10 = site.pm10 { self = .level(PM10Level(pm10: pm10)) } else { self = .noData }
        }

        init(fill: String, stroke: String, strokeWidth: Double = 1, className: String = "site") {
            (self.fill, self.stroke, self.strokeWidth, self.className) = (fill, stroke, strokeWidth, className)
        }

        /// The marker at (`x`, `y`); a legend's swatch (`classed` false) has no class, so that
        /// `.site` finds the sites alone.
        func circle(x: Double, y: Double, classed: Bool = true) -> String {
            "<circle\(classed ? " class=\"\(className)\"" : "") cx=\"\(SVG.px(x))\" cy=\"\(SVG.px(y))\" r=\"\(SVG.px(SiteMap.radius))\" fill=\"\(fill)\" stroke=\"\(stroke)\" stroke-width=\"\(SVG.px(strokeWidth))\"/>"
        }
    }

    /// The red ring of a site with alarms; a legend's (`classed` false) has no class.
    private static func ring(x: Double, y: Double, classed: Bool = true) -> String {
        "<circle\(classed ? " class=\"alarm-ring\"" : "") cx=\"\(SVG.px(x))\" cy=\"\(SVG.px(y))\" r=\"\(SVG.px(radius + 4))\" fill=\"none\" stroke=\"\(ChartPalette.alarm)\" stroke-width=\"2.5\"/>"
    }

    private static func marker(_ site: SiteMarker, at point: (x: Double, y: Double)) -> String {
        let ringMarkup = site.activeAlarms > 0 ? ring(x: point.x, y: point.y) : ""
        return "<a href=\"\(SVG.escape(site.href))\" data-site=\"\(SVG.escape(site.id))\"><title>\(SVG.escape(tooltip(of: site)))</title>"
            + Look(of: site).circle(x: point.x, y: point.y) + ringMarkup + "</a>"
    }

    /// Name, PM10 and its level, alarms and offline devices, a line each.
    private static func tooltip(of site: SiteMarker) -> String {
        let pm10 = site.pm10.map { "PM10 \(Int($0.rounded())) µg/m³（\(PM10Level(pm10: $0).nameZH)）" } ?? "PM10 无数据"
        return [site.name, pm10, "报警 \(site.activeAlarms)", "离线设备 \(site.offlineDevices)/\(site.devices)"].joined(separator: "\n")
    }

    /// The levels' colours with their ranges, then what grey, hollow and a red ring mean.
    private static var legend: ChartLegend {
        typealias Swatch = (label: String, look: Look, ringed: Bool)
        let levels: [Swatch] = PM10Level.allCases.map { ("\($0.nameZH) \($0.rangeText)", .level($0), false) }
        let others: [Swatch] = [("无数据", .noData, false), ("设备全部离线", .offline, false), ("有报警", Look(fill: "#fff", stroke: ChartPalette.ink), true)]
        let looks = levels + others
        return ChartLegend(entries: looks.map { entry in
            ChartLegend.Entry(label: entry.label) { x, y in
                entry.look.circle(x: x + 8, y: y, classed: false) + (entry.ringed ? ring(x: x + 8, y: y, classed: false) : "")
            }
        })
    }
}
