import Foundation

/// 公历日期 — Gregorian calendar dates as embedded in codes (YYYYMMDD).
enum GregorianDate {
    static func isValid(year: Int, month: Int, day: Int) -> Bool {
        (1...12).contains(month) && (1...daysIn(month: month, year: year)).contains(day)
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    private static func isLeap(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    /// The calendar day of `date` in China (UTC+8, no daylight saving since 1991), where the
    /// codes are issued, whatever zone the server runs in. A fixed offset rather than
    /// "Asia/Shanghai" so the result does not depend on the host's time-zone database.
    static func chinaCalendarDay(of date: Date) -> (year: Int, month: Int, day: Int) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = chinaStandardTime
        let components = calendar.dateComponents([.year, .month, .day], from: date)
        return (components.year ?? 0, components.month ?? 0, components.day ?? 0)
    }

    private static let chinaStandardTime = TimeZone(secondsFromGMT: 8 * 3600) ?? .gmt
}
