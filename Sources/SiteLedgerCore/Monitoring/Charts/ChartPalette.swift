/// The site's colours (Public/css/app.css), so charts and maps sit in its pages as if drawn by
/// its stylesheet: SVG inserted in a page is drawn before any CSS variable could reach it.
enum ChartPalette {
    /// `--ink`: text.
    static let ink = "#1f2933"
    /// `--muted`: axis labels, reference lines, offline markers.
    static let muted = "#6b7785"
    /// `--line`: grid lines and frames.
    static let line = "#dde3ea"
    /// `--bg`: the map's ground.
    static let background = "#f4f6f9"
    /// `--warn`: 预警.
    static let warning = "#b26a00"
    /// `--bad`: 报警.
    static let alarm = "#b42318"
    /// No data (无数据).
    static let noData = "#b8c0c9"
    /// Site series, one after the other: `--brand` first, then colours that read neither as
    /// warning nor as alarm.
    static let series = ["#0b5cab", "#0f8a8a", "#7b3fa0", "#3d4b5c"]
}
