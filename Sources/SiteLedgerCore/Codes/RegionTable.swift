import Foundation

/// 行政区划名称表 — names of GB/T 2260 divisions.
///
/// The built-in table covers only what SiteLedger's first deployments need; a deployment
/// loads the full official list with `parseCSV(_:)` and `merging(_:)`.
public struct RegionTable: Sendable {
    private let regions: [String: Region]

    /// Later entries replace earlier ones with the same code.
    public init(_ regions: [Region]) {
        self.regions = Dictionary(regions.map { ($0.code.value, $0) }) { _, later in later }
    }

    public func name(of code: RegionCode) -> String? { regions[code.value]?.name }

    public func region(_ code: RegionCode) -> Region? { regions[code.value] }

    /// Every region, sorted by code.
    public var all: [Region] { regions.values.sorted { $0.code < $1.code } }

    /// The regions whose nearest ancestor in this table is `code`, sorted by code; a county
    /// whose city is missing from the table counts as a child of its province.
    public func children(of code: RegionCode) -> [Region] {
        all.filter { ancestors(of: $0.code).last?.code == code }
    }

    /// The name with every ancestor in the table, e.g. "江苏省南京市玄武区".
    public func fullName(of code: RegionCode) -> String? {
        guard let region = region(code) else { return nil }
        return (ancestors(of: code) + [region]).map(\.name).joined()
    }

    /// This table with `other` added; entries of `other` replace those with the same code.
    public func merging(_ other: [Region]) -> RegionTable {
        RegionTable(Array(regions.values) + other)
    }

    /// The province and city above `code` that are in the table, outermost first.
    private func ancestors(of code: RegionCode) -> [Region] {
        var codes = [code.provinceCode]
        // A county code with 00 as its city part (e.g. 320001) has no city level of its own.
        if let city = code.cityCode, city != code.provinceCode { codes.append(city) }
        return codes.filter { $0 != code.value }.compactMap { regions[$0] }
    }
}

extension RegionTable {
    /// Parses `code,name` lines, e.g. an export of the Ministry of Civil Affairs list.
    ///
    /// Accepts a UTF-8 byte-order mark, a `code,name` header as the first non-blank line and
    /// blank lines; any other bad line fails the whole import with `.malformed("line N: …")`
    /// so a half-read table never replaces a good one.
    public static func parseCSV(_ text: String) throws(CodeError) -> [Region] {
        let numbered = lines(of: text).enumerated()
            .map { (number: $0.offset + 1, text: $0.element.trimmingCharacters(in: .whitespaces)) }
            .filter { !$0.text.isEmpty }
        let body = numbered.first.map { isHeader($0.text) } == true ? numbered.dropFirst() : numbered[...]
        var regions: [Region] = []
        var seen: Set<String> = []
        for line in body {
            let region = try parseLine(line.text, number: line.number)
            guard seen.insert(region.code.value).inserted else {
                throw .malformed("line \(line.number): duplicate code \(region.code)")
            }
            regions.append(region)
        }
        return regions
    }

    private static func lines(of text: String) -> [Substring] {
        let byteOrderMark: Unicode.Scalar = "\u{FEFF}"
        let body = text.unicodeScalars.first == byteOrderMark ? String(text.unicodeScalars.dropFirst()) : text
        return body.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
    }

    private static func isHeader(_ line: String) -> Bool {
        line.lowercased().replacingOccurrences(of: " ", with: "") == "code,name"
    }

    private static func parseLine(_ line: String, number: Int) throws(CodeError) -> Region {
        let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard fields.count == 2 else {
            throw .malformed("line \(number): expected \"code,name\", got \"\(line)\"")
        }
        guard !fields[1].isEmpty else { throw .malformed("line \(number): empty name") }
        do throws(CodeError) {
            return Region(code: try RegionCode(fields[0]), name: fields[1])
        } catch {
            throw .malformed("line \(number): \(error.message)")
        }
    }
}
