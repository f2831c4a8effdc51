import Foundation

/// Longitude and latitude onto a rectangle of the page: equirectangular, longitude shrunk by
/// the cosine of the sites' mean latitude so that a kilometre east is as long as a kilometre
/// north near them (a city or a province is small enough for that), and the sites' bounding
/// box scaled alike in both directions to fill the rectangle, centred.
struct MapProjection {
    private let eastScale: Double
    private let centerLongitude: Double, centerLatitude: Double
    private let pixelsPerDegree: Double
    private let centerX: Double, centerY: Double

    /// Fitted to `coordinates`, drawn within `left...left + width` × `top...top + height`. One
    /// place, or many at the same spot, falls in the middle; a row of them along a meridian
    /// or a parallel is fitted by its length alone.
    init(fitting coordinates: [(latitude: Double, longitude: Double)], left: Double, top: Double, width: Double, height: Double) {
        let meanLatitude = coordinates.isEmpty ? 0 : coordinates.reduce(0) { $0 + $1.latitude } / Double(coordinates.count)
        eastScale = cos(meanLatitude * .pi / 180)
        let xs = coordinates.map { $0.longitude }, ys = coordinates.map { $0.latitude }
        let (west, east) = (xs.min() ?? 0, xs.max() ?? 0), (south, north) = (ys.min() ?? 0, ys.max() ?? 0)
        centerLongitude = (west + east) / 2
        centerLatitude = (south + north) / 2
        let fits = [width / ((east - west) * eastScale), height / (north - south)].filter(\.isFinite)
        pixelsPerDegree = fits.min() ?? 0
        centerX = left + width / 2
        centerY = top + height / 2
    }

    /// Where (`latitude`, `longitude`) is drawn: north up, east right.
    func point(latitude: Double, longitude: Double) -> (x: Double, y: Double) {
        (centerX + (longitude - centerLongitude) * eastScale * pixelsPerDegree,
         centerY - (latitude - centerLatitude) * pixelsPerDegree)
    }
}
