/// Where a chart's time axis is labelled, in Beijing time (UTC+8), whatever zone the server is
/// in: on round hours as "HH:mm" over at most two days, on midnights as "MM-dd" beyond.
struct TimeTicks {
    /// The ticks' instants, seconds since the Unix epoch.
    let times: [Int]
    /// One per time.
    let labels: [String]

    private static let beijingOffset = 8 * 3600
    private static let day = 86_400
    private static let hourSteps = [600, 1800, 3600, 2 * 3600, 3 * 3600, 6 * 3600, 12 * 3600, day]
    private static let daySteps = [1, 2, 5, 7, 14, 30, 60, 90, 180, 365].map { $0 * day }

    /// The ticks of `from...to`: the smallest step that gives at most `maxCount` of them, each
    /// on a multiple of the step in Beijing time (so 00:00, 06:00, 12:00…).
    init(from: Int, to: Int, maxCount: Int) {
        let byHour = to - from <= 2 * Self.day
        let steps = byHour ? Self.hourSteps : Self.daySteps
        let step = steps.first { (to - from) / $0 + 1 <= maxCount } ?? steps[steps.count - 1]
        let first = Self.ceiling(from + Self.beijingOffset, to: step) - Self.beijingOffset
        times = Array(stride(from: first, through: to, by: step))
        labels = times.map { Self.label($0, byHour: byHour) }
    }

    private static func ceiling(_ value: Int, to step: Int) -> Int {
        let remainder = ((value % step) + step) % step
        return remainder == 0 ? value : value - remainder + step
    }

    private static func label(_ time: Int, byHour: Bool) -> String {
        let local = HJ212.Timestamp(secondsSince1970: time)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return byHour ? "\(two(local.hour)):\(two(local.minute))" : "\(two(local.month))-\(two(local.day))"
    }
}
