/// 统计时段 — the period a rule averages over. Site limits are windowed, never instantaneous
/// (DOMAIN.md §2): Liaoning 5 minutes, Shanghai 15, most cities the hour, GB 3095-2012 the day.
public enum RuleWindow: String, CaseIterable, Codable, Sendable {
    /// 5 分钟 — blocks of five minutes on the clock.
    case fiveMinutes = "5m"
    /// 15 分钟 — quarter hours.
    case quarterHour = "15m"
    /// 小时 — clock hours.
    case hour = "1h"
    /// 日 — local days, from 00:00 Beijing time.
    case day = "24h"

    public var seconds: Int {
        switch self {
        case .fiveMinutes: 300
        case .quarterHour: 900
        case .hour: 3600
        case .day: 86_400
        }
    }

    /// The windows whose end falls in `range` (unix seconds), aligned to the Beijing clock, in
    /// order: what a scheduler evaluates when the clock has moved across `range`.
    public func windows(closingIn range: Range<Int>) -> [Range<Int>] {
        let past = BeijingClock.secondsInto(seconds, at: range.lowerBound)
        let firstEnd = past == 0 ? range.lowerBound : range.lowerBound - past + seconds
        return stride(from: firstEnd, to: range.upperBound, by: seconds).map { ($0 - seconds)..<$0 }
    }

    /// How many samples taken every `interval` seconds a window needs before its value counts.
    ///
    /// GB 3095-2012 §8 (data validity, applied the same way in HJ 663-2013): an hourly mean needs
    /// at least 45 minutes of sampling (75 %), a 24-hour mean at least 20 hourly values. The
    /// standards say nothing about 5 and 15 minutes; the hourly 75 % applies there too.
    public func minimumSamples(interval: Int) -> Int {
        precondition(interval > 0, "a sampling interval is positive")
        let expected = max(1, seconds / interval)
        let (numerator, denominator) = self == .day ? (20, 24) : (3, 4)
        return (expected * numerator + denominator - 1) / denominator
    }
}
