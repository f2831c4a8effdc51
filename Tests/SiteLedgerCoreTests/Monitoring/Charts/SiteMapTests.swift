import Foundation
import SiteLedgerCore
import Testing

@Suite("The regulator's site map as SVG")
struct SiteMapTests {
    static func site(_ id: String, _ latitude: Double, _ longitude: Double, pm10: Double? = 60, alarms: Int = 0, devices: Int = 2, offline: Int = 0) -> SiteMarker {
        SiteMarker(id: id, href: "/projects/\(id)", name: "工地 \(id)", latitude: latitude, longitude: longitude, pm10: pm10, activeAlarms: alarms, devices: devices, offlineDevices: offline)
    }

    /// Sites around Beijing: 怀柔 the northernmost, 门头沟 the westernmost, 大兴 the southernmost.
    static let beijing = [site("dongcheng", 39.93, 116.42), site("huairou", 40.32, 116.63), site("mentougou", 39.94, 116.10), site("daxing", 39.73, 116.34)]

    /// Each site's marker centre, by its `data-site`.
    static func centres(_ svg: ParsedSVG) -> [String: (x: Double, y: Double)] {
        let links = svg.named("a").compactMap { $0.attributes["data-site"] }
        let markers = svg.withClass("site").compactMap { marker in marker.number("cx").flatMap { x in marker.number("cy").map { (x, $0) } } }
        return Dictionary(uniqueKeysWithValues: zip(links, markers))
    }

    static func mapArea(_ svg: ParsedSVG) throws -> (x: Double, y: Double) {
        let rect = try #require(svg.named("rect").first)
        let (x, y, width, height) = try (#require(rect.number("x")), #require(rect.number("y")), #require(rect.number("width")), #require(rect.number("height")))
        return (x + width / 2, y + height / 2)
    }

    @Test func aMapIsAWellFormedGroupOfLinks() throws {
        let svg = try ParsedSVG(SiteMap(sites: Self.beijing).svg())
        #expect(svg.root?.attributes["role"] == "group", "an img would hide the links from screen readers")
        #expect(svg.root?.attributes["aria-label"] == "工地分布（4 个工地）")
        #expect(svg.named("a").map { $0.attributes["href"] } == ["/projects/dongcheng", "/projects/huairou", "/projects/mentougou", "/projects/daxing"])
        #expect(svg.withClass("site").allSatisfy { $0.ancestors.last == "a" })
    }

    @Test func northIsUpAndWestIsLeft() throws {
        let centres = Self.centres(try ParsedSVG(SiteMap(sites: Self.beijing).svg()))
        #expect(centres.min { $0.value.y < $1.value.y }?.key == "huairou")
        #expect(centres.max { $0.value.y < $1.value.y }?.key == "daxing")
        #expect(centres.min { $0.value.x < $1.value.x }?.key == "mentougou")
    }

    @Test func aDegreeEastIsShorterByTheCosineOfTheLatitude() throws {
        // A degree of longitude at latitude φ is cos φ degrees of latitude long.
        let sites = [Self.site("a", 60, 10), Self.site("b", 60, 11), Self.site("c", 60.5, 10)]
        let centres = Self.centres(try ParsedSVG(SiteMap(sites: sites).svg(width: 800, height: 600)))
        let (a, b, c) = try (#require(centres["a"]), #require(centres["b"]), #require(centres["c"]))
        let east = b.x - a.x, north = a.y - c.y
        let meanLatitude = (60 + 60 + 60.5) / 3.0
        #expect(abs(east / north - 2 * cos(meanLatitude * .pi / 180)) < 0.01)
    }

    @Test func oneSiteOrSitesAtOneSpotAreCentred() throws {
        for sites in [[Self.site("only", 31.23, 121.47)], [Self.site("a", 31.23, 121.47), Self.site("b", 31.23, 121.47)]] {
            let svg = try ParsedSVG(SiteMap(sites: sites).svg(width: 640, height: 480))
            let middle = try Self.mapArea(svg)
            #expect(Self.centres(svg).values.allSatisfy { $0.x == middle.x && $0.y == middle.y })
        }
    }

    @Test func sitesInALineFillTheWidth() throws {
        let sites = [Self.site("west", 30, 114), Self.site("east", 30, 115)]
        let centres = Self.centres(try ParsedSVG(SiteMap(sites: sites).svg(width: 640, height: 480)))
        let (west, east) = try (#require(centres["west"]), #require(centres["east"]))
        #expect(west.y == east.y && west.x < 60 && east.x > 580)
    }

    @Test func markersShowLevelAlarmsAndOfflineDevices() throws {
        let sites = [
            Self.site("good", 30, 114, pm10: 86.4, alarms: 2, devices: 3, offline: 1),
            Self.site("unknown", 30, 115, pm10: nil),
            Self.site("dark", 31, 114, pm10: 500, devices: 2, offline: 2),
            Self.site("severe", 31, 115, pm10: 500),
        ]
        let svg = try ParsedSVG(SiteMap(sites: sites).svg())
        let markers = svg.withClass("site")
        #expect(markers.map { $0.attributes["fill"] } == ["#ffff00", "#b8c0c9", "#fff", "#7e0023"])
        #expect(markers.map { $0.classes.dropFirst().first } == [nil, "no-data", "offline", nil])
        #expect(svg.withClass("alarm-ring").count == 1 && svg.withClass("alarm-ring").first?.ancestors.last == "a")
        let tooltip = svg.named("title").dropFirst().first?.text
        #expect(tooltip == "工地 good\nPM10 86 µg/m³（良）\n报警 2\n离线设备 1/3")
        #expect(svg.named("title").dropFirst().dropFirst().first?.text.contains("PM10 无数据") == true)
    }

    @Test func namesAndLinksAreEscaped() throws {
        var site = Self.site("x", 30, 114)
        (site.name, site.href, site.id) = ("<&\"工地\">", "/p?a=1&b=\"2\"", "'x'")
        let output = SiteMap(title: "A & B", sites: [site]).svg()
        let svg = try ParsedSVG(output)
        #expect(svg.named("a").first?.attributes["href"] == "/p?a=1&b=\"2\"")
        #expect(svg.named("a").first?.attributes["data-site"] == "'x'")
        #expect(svg.named("title").last?.text.hasPrefix("<&\"工地\">\n") == true)
        #expect(svg.root?.attributes["aria-label"] == "A & B（1 个工地）")
    }

    @Test func withoutSitesTheMapSaysSo() throws {
        let svg = try ParsedSVG(SiteMap(sites: []).svg())
        #expect(svg.named("text").contains { $0.text == "暂无数据" } && svg.named("a").isEmpty)
    }

    @Test func aThousandSitesMakeAThousandLinks() throws {
        let sites = (0..<1000).map { (index: Int) -> SiteMarker in
            let latitude = 30 + Double(index % 97) / 10, longitude = 110 + Double(index % 89) / 10
            return Self.site("s\(index)", latitude, longitude, pm10: Double(index % 500), alarms: index % 5 == 0 ? 1 : 0)
        }
        let svg = try ParsedSVG(SiteMap(sites: sites).svg())
        #expect(svg.named("a").count == 1000 && svg.withClass("alarm-ring").count == 200)
    }
}
