import Foundation

/// The pieces of SVG markup charts and maps share. Everything they write that did not come from
/// this file goes through `escape`.
enum SVG {
    /// `text` as XML character data or attribute value: `& < > " '` as entities, and the
    /// control characters XML 1.0 forbids dropped, so a site name cannot break the page.
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            case "\t", "\n", "\r": escaped.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF: continue
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    /// A coordinate to 0.1 px, without a trailing ".0": finer is invisible and only makes the
    /// page heavier.
    static func px(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        let magnitude = tenths.magnitude
        let sign = tenths < 0 ? "-" : ""
        return magnitude % 10 == 0 ? "\(sign)\(magnitude / 10)" : "\(sign)\(magnitude / 10).\(magnitude % 10)"
    }

    /// The document around `body`, labelled for screen readers by `label`. `role` is `img` for
    /// a picture, `group` for one whose parts are links.
    static func document(width: Int, height: Int, role: String, label: String, body: String) -> String {
        let label = escape(label)
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" role=\"\(role)\" aria-label=\"\(label)\" font-size=\"12\" fill=\"\(ChartPalette.ink)\"><title>\(label)</title>\(body)</svg>"
    }

    /// A `<text>` of `content` at (`x`, `y`), `anchor` being `start`, `middle` or `end`;
    /// defaults are left out, the document having them.
    static func text(_ content: String, x: Double, y: Double, anchor: String = "start", fill: String = ChartPalette.ink, size: Int = 12) -> String {
        let anchored = anchor == "start" ? "" : " text-anchor=\"\(anchor)\""
        let filled = fill == ChartPalette.ink ? "" : " fill=\"\(fill)\""
        let sized = size == 12 ? "" : " font-size=\"\(size)\""
        return "<text x=\"\(px(x))\" y=\"\(px(y))\"\(anchored)\(filled)\(sized)>\(escape(content))</text>"
    }

    /// A `<line>`; `dash` is a `stroke-dasharray`.
    static func line(x1: Double, y1: Double, x2: Double, y2: Double, stroke: String, width: Double = 1, dash: String? = nil, className: String? = nil) -> String {
        let dashed = dash.map { " stroke-dasharray=\"\($0)\"" } ?? ""
        let classed = className.map { " class=\"\($0)\"" } ?? ""
        return "<line\(classed) x1=\"\(px(x1))\" y1=\"\(px(y1))\" x2=\"\(px(x2))\" y2=\"\(px(y2))\" stroke=\"\(stroke)\" stroke-width=\"\(px(width))\"\(dashed)/>"
    }

    /// Roughly how wide `text` is at `size` px, to lay out legends without a font: Chinese
    /// characters are square, Latin ones about 0.6 em.
    static func estimatedWidth(_ text: String, size: Double = 12) -> Double {
        text.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x2E80 ? size : size * 0.6) }
    }
}
