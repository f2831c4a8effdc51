/// 图例: a swatch and a label per entry, left to right, wrapping onto a new row where the
/// width runs out, so a narrow chart still shows every entry.
struct ChartLegend {
    struct Entry {
        var label: String
        /// The swatch's markup, given the left edge and vertical centre of its 16 px box.
        var swatch: (_ x: Double, _ y: Double) -> String
    }

    static let rowHeight = 20.0
    private static let swatchWidth = 16.0, labelGap = 4.0, entryGap = 14.0

    var entries: [Entry]

    /// The legend's markup with its top left corner at (`x`, `y`), and how tall it came out.
    func render(x: Double, y: Double, width: Double) -> (markup: String, height: Double) {
        guard !entries.isEmpty else { return ("", 0) }
        var markup = "<g class=\"legend\">"
        var left = x, row = 0.0
        for entry in entries {
            let entryWidth = Self.swatchWidth + Self.labelGap + SVG.estimatedWidth(entry.label)
            if left > x, left + entryWidth > x + width {
                left = x
                row += 1
            }
            let middle = y + row * Self.rowHeight + Self.rowHeight / 2
            markup += entry.swatch(left, middle)
            markup += SVG.text(entry.label, x: left + Self.swatchWidth + Self.labelGap, y: middle + 4)
            left += entryWidth + Self.entryGap
        }
        return (markup + "</g>", (row + 1) * Self.rowHeight)
    }
}
