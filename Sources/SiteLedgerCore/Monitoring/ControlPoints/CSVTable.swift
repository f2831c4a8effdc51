import Foundation

/// A CSV file as RFC 4180 writes it — quoted fields may hold commas, quotes (doubled) and
/// line breaks — read by the names in its header row, so columns may come in any order.
/// A UTF-8 byte order mark, as Excel writes one, is skipped.
public struct CSVTable: Sendable {
    public let header: [String]
    /// Each data row with the line it starts on (the header is line 1).
    public let rows: [(line: Int, fields: [String])]

    public init(_ text: String) throws(CSVError) {
        var records = try Self.records(text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text)
        guard !records.isEmpty else { throw CSVError(line: 1, field: nil, reason: "the file is empty: a header row is expected") }
        header = records.removeFirst().fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        rows = records.filter { $0.fields != [""] }
    }

    /// Throws naming the first of `columns` the header lacks.
    public func requireColumns(_ columns: [String]) throws(CSVError) {
        if let missing = columns.first(where: { !header.contains($0) }) {
            throw CSVError(line: 1, field: missing, reason: "the header has no \(missing) column")
        }
    }

    /// The value of `column` in `row`, trimmed; empty where the row is short or the column absent.
    public func value(_ column: String, in row: (line: Int, fields: [String])) -> String {
        guard let index = header.firstIndex(of: column), index < row.fields.count else { return "" }
        return row.fields[index].trimmingCharacters(in: .whitespaces)
    }

    private static func records(_ text: String) throws(CSVError) -> [(line: Int, fields: [String])] {
        var records: [(line: Int, fields: [String])] = []
        var fields: [String] = [], field = "", quoted = false, line = 1, start = 1
        func consume(_ character: Character) {
            switch character {
            case "\"" where field.isEmpty: quoted = true
            case ",": fields.append(field); field = ""
            case "\r\n", "\n", "\r":
                fields.append(field)
                records.append((start, fields))
                fields = []; field = ""; line += 1; start = line
            default: field.append(character)
            }
        }
        var characters = text.makeIterator()
        while let character = characters.next() {
            if quoted {
                if character == "\"" {
                    guard let next = characters.next() else { quoted = false; break }
                    if next == "\"" { field.append("\"") } else { quoted = false; consume(next) }
                } else {
                    if character.isNewline { line += 1 }
                    field.append(character)
                }
            } else {
                consume(character)
            }
        }
        guard !quoted else { throw CSVError(line: start, field: nil, reason: "a quoted field is not closed") }
        if !field.isEmpty || !fields.isEmpty { fields.append(field); records.append((start, fields)) }
        return records
    }
}

/// What is wrong with a CSV file, and where.
public struct CSVError: Error, Equatable, Sendable {
    public let line: Int
    public let field: String?
    public let reason: String

    public init(line: Int, field: String?, reason: String) {
        self.line = line
        self.field = field
        self.reason = reason
    }
}
