import Vapor
import SiteLedgerCore

/// `POST /api/v1/control-points/stations` as JSON.
struct ImportControlStationsRequest: Content {
    let stations: [ControlStation]
}

/// `POST /api/v1/control-points/readings` as JSON.
struct ImportControlReadingsRequest: Content {
    struct Item: Codable {
        let station: String
        /// The start of the hour the means cover.
        let hour: Date
        let pm10: Double?
        let pm25: Double?

        var reading: ControlReading {
            ControlReading(station: station, hour: Int(hour.timeIntervalSince1970.rounded(.down)), pm10: pm10, pm25: pm25)
        }
    }

    let readings: [Item]
}

struct ImportControlPointsResponse: Content {
    var created: Int
    var updated: Int
    var unchanged: Int
}

struct ControlStationDTO: Content {
    let id: UUID
    let code: String
    let name: String
    let county: String
    let latitude: Double
    let longitude: Double

    init(id: UUID, station: ControlStation) {
        self.id = id
        code = station.code
        name = station.name
        county = station.county
        latitude = station.latitude
        longitude = station.longitude
    }
}

/// `GET /api/v1/projects/{id}/control-comparison`: the site against its county's stations.
struct ControlComparisonResponse: Content {
    struct Hour: Content {
        let hour: Date
        /// The site's hourly PM10 mean, µg/m³ (the mean of its stations when it has several).
        let site: Double?
        /// The mean of the county's control points for the hour.
        let control: Double?
        /// site − control: what Shandong's method limits.
        let difference: Double?
    }

    let county: String
    let stations: [ControlStationDTO]
    let hours: [Hour]
}
