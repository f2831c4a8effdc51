import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// An SVG document as an XML parser reads it, so tests look at what a browser would: every
/// element in document order with its attributes, its own text and its ancestors' names.
/// Parsing fails on markup that is not well-formed.
struct ParsedSVG {
    struct Element {
        var name: String
        var attributes: [String: String]
        var text = ""
        var ancestors: [String]

        var classes: [Substring] { attributes["class", default: ""].split(separator: " ") }
        func number(_ attribute: String) -> Double? { attributes[attribute].flatMap(Double.init) }
    }

    struct Malformed: Error {
        var reason: String
    }

    let elements: [Element]

    init(_ svg: String) throws {
        let collector = Collector()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = collector
        guard parser.parse() else { throw Malformed(reason: parser.parserError.map { "\($0)" } ?? "unknown") }
        elements = collector.elements
    }

    var root: Element? { elements.first }

    func named(_ name: String) -> [Element] { elements.filter { $0.name == name } }

    func withClass(_ className: String) -> [Element] { elements.filter { $0.classes.contains(Substring(className)) } }

    private final class Collector: NSObject, XMLParserDelegate {
        var elements: [Element] = []
        private var open: [Int] = []

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            elements.append(Element(name: name, attributes: attributes, ancestors: open.map { elements[$0].name }))
            open.append(elements.count - 1)
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            open.removeLast()
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if let current = open.last { elements[current].text += string }
        }
    }
}
