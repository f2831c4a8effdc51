/// One site (工地) on the regulator's map, with what the marker shows of it.
public struct SiteMarker: Equatable, Sendable {
    /// The site's identifier, written as `data-site` for the page's scripts.
    public var id: String
    /// Where clicking the marker goes: the site's page.
    public var href: String
    public var name: String
    /// WGS 84 degrees, north positive.
    public var latitude: Double
    /// WGS 84 degrees, east positive.
    public var longitude: Double
    /// The latest hourly PM10 mean, µg/m³; nil when there is none.
    public var pm10: Double?
    /// Alarms (报警) not yet closed.
    public var activeAlarms: Int
    /// The site's monitoring devices.
    public var devices: Int
    /// Those of them that are offline (离线).
    public var offlineDevices: Int

    public init(id: String, href: String, name: String, latitude: Double, longitude: Double, pm10: Double?, activeAlarms: Int = 0, devices: Int, offlineDevices: Int = 0) {
        self.id = id
        self.href = href
        self.name = name
        self.latitude = latitude
        self.longitude = longitude
        self.pm10 = pm10
        self.activeAlarms = activeAlarms
        self.devices = devices
        self.offlineDevices = offlineDevices
    }

    /// Every device offline: nothing the site shows is current, whatever its last PM10 was.
    public var isOffline: Bool { devices > 0 && offlineDevices >= devices }
}
