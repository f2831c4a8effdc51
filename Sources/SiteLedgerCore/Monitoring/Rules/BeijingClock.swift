/// 北京时间 — the clock site rules follow: UTC+8 all year, no daylight saving, so that "the
/// hour", "the day" and 06:00/22:00 mean what they mean on the site.
enum BeijingClock {
    static let offset = 8 * 3600
    static let secondsPerDay = 86_400

    /// Seconds since the last Beijing-aligned multiple of `period` (a divisor of a day) before
    /// `time`, in 0..<period, also before 1970.
    static func secondsInto(_ period: Int, at time: Int) -> Int {
        let remainder = (time + offset) % period
        return remainder < 0 ? remainder + period : remainder
    }

    /// The Beijing calendar day of `time`, counted from 1970-01-01.
    static func day(at time: Int) -> Int {
        (time + offset - secondsInto(secondsPerDay, at: time)) / secondsPerDay
    }
}
