import Vapor
import Fluent
import SiteLedgerCore

/// `serve --demo`'s 国控点: one station in each county with a demo site, a little way off it,
/// publishing the air of that county's simulated stations (`SimulatedControlPoint`), so that a
/// site's chart has its 国控点 line and the difference rule something to judge. Real stations
/// publish an hour's mean after it ends; the demo's publish theirs five minutes before, so that
/// the worker judges each hour as it closes with the county's mean in hand.
struct DemoControlPoints: Sendable {
    let points: [SimulatedControlPoint]

    /// How long before its end an hour is published.
    static let lead = 300

    /// The first project's place in each county names and places its station.
    static func beside(_ stations: [(SimulatedStation, Device)], on app: Application) async throws -> DemoControlPoints {
        let projects = try await Project.query(on: app.db).filter(\.$id ~~ stations.map { $0.1.$project.id }).all()
        var points: [String: SimulatedControlPoint] = [:]
        for (station, device) in stations {
            guard let project = projects.first(where: { $0.id == device.$project.id }), let latitude = project.latitude, let longitude = project.longitude else { continue }
            let county = String(project.regionCode.prefix(6))
            guard points[county] == nil else { continue }
            let name = (try? RegionCode(county)).flatMap(app.siteLedger.regions.name) ?? county
            let control = ControlStation(code: "DEMO\(county)", name: "\(name)国控点（演示）", county: county, latitude: thousandths(latitude + 0.015), longitude: thousandths(longitude + 0.02))
            points[county] = SimulatedControlPoint(control, area: station.area)
        }
        return DemoControlPoints(points: points.values.sorted { $0.station.code < $1.station.code })
    }

    private static func thousandths(_ degrees: Double) -> Double {
        (degrees * 1000).rounded() / 1000
    }

    /// Registers the stations; after a restart they are there already and nothing changes.
    func register(on app: Application) async throws {
        _ = try await app.siteLedger.writePath.perform(on: app.db, by: .system) { [points] writes in
            try await ControlPointStore.importStations(points.map(\.station), writes: writes)
        }
    }

    /// Publishes the hours starting in `hours`.
    func publish(hours: Range<Int>, on app: Application) async throws {
        let readings = stride(from: hours.lowerBound / 3600 * 3600, to: hours.upperBound, by: 3600).flatMap { hour in
            points.map { $0.reading(forHourStartingAt: hour) }
        }
        try await app.siteLedger.writePath.perform(on: app.db, by: .system) { writes in
            try await ControlPointStore.importReadings(readings, writes: writes)
        }
    }

    /// The start of the latest hour published by `time`.
    static func latestHour(publishedBy time: Int) -> Int {
        (time + lead) / 3600 * 3600 - 3600
    }

    /// Publishes each hour after `hour`, `lead` seconds before it ends, until cancelled.
    func keepPublishing(after hour: Int, on app: Application) async {
        var next = hour + 3600
        while !Task.isCancelled {
            let due = next + 3600 - Self.lead
            let wait = due - Int(Date().timeIntervalSince1970)
            if wait > 0 { try? await Task.sleep(for: .seconds(wait)) }
            guard !Task.isCancelled else { return }
            do {
                try await publish(hours: next..<next + 1, on: app)
                next += 3600
            } catch {
                app.logger.warning("demo: 国控点 hour \(next) not published: \(error)")
                try? await Task.sleep(for: .seconds(60))
            }
        }
    }
}
