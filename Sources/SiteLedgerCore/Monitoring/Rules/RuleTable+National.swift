extension RuleTable {
    /// 全国默认规则 — the defaults of DOMAIN.md §2, for regions without rules of their own:
    /// - PM10 hourly mean above 150 µg/m³ a warning, above 200 an alarm that clears only below
    ///   150 (Wuhan practice, the strictest common practice with a published hysteresis);
    /// - 24-hour means of PM10 150, PM2.5 75 and TSP 300 µg/m³ as warnings: GB 3095-2012's
    ///   class II ambient limits, a reference for the site, not a site limit;
    /// - noise Leq over a quarter hour above 70 dB(A) by day and 55 at night, and any night
    ///   quarter hour's maximum above 70 (the limit + 15), as alarms (GB 12523-2011; the
    ///   standard's manual measurement lasts 20 minutes, the platform judges clock quarter hours);
    /// - the site's PM10 hourly mean more than 50 µg/m³ above its county's control points as a
    ///   warning (Shandong's method; 50 is the platform's default, not a standard's).
    public static let national = RuleTable(rules: [
        MonitoringRule(
            id: "pm10-1h-warning", nameZH: "PM10 小时均值预警", factor: .pm10, window: .hour, level: .warning, limit: 150,
            reference: "武汉市建设工地扬尘管控做法"
        ),
        MonitoringRule(
            id: "pm10-1h-alarm", nameZH: "PM10 小时均值报警（停工至低于 150）", factor: .pm10, window: .hour, level: .alarm, limit: 200,
            clearBelow: 150, reference: "武汉市建设工地扬尘管控做法"
        ),
        MonitoringRule(
            id: "pm10-24h-warning", nameZH: "PM10 日均值预警", factor: .pm10, window: .day, level: .warning, limit: 150,
            reference: "GB 3095-2012 二级"
        ),
        MonitoringRule(
            id: "pm25-24h-warning", nameZH: "PM2.5 日均值预警", factor: .pm25, window: .day, level: .warning, limit: 75,
            reference: "GB 3095-2012 二级"
        ),
        MonitoringRule(
            id: "tsp-24h-warning", nameZH: "TSP 日均值预警", factor: .tsp, window: .day, level: .warning, limit: 300,
            reference: "GB 3095-2012 二级"
        ),
        MonitoringRule(
            id: "noise-15m-day-alarm", nameZH: "昼间噪声超标", factor: .noise, window: .quarterHour, level: .alarm, limit: 70,
            period: .day, reference: "GB 12523-2011"
        ),
        MonitoringRule(
            id: "noise-15m-night-alarm", nameZH: "夜间噪声超标", factor: .noise, window: .quarterHour, level: .alarm, limit: 55,
            period: .night, reference: "GB 12523-2011"
        ),
        MonitoringRule(
            id: "noise-15m-night-maximum-alarm", nameZH: "夜间最大声级超标", factor: .noise, window: .quarterHour, aggregate: .maximum,
            level: .alarm, limit: 70, period: .night, reference: "GB 12523-2011"
        ),
        MonitoringRule(
            id: "pm10-1h-difference-warning", nameZH: "PM10 小时均值高于国控点", factor: .pm10, window: .hour,
            basis: .differenceFromControlPoints, level: .warning, limit: 50, reference: "平台默认值（山东省国控点差值法）"
        ),
    ])
}
