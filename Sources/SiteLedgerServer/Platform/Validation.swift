import Foundation
import SiteLedgerCore

/// Field checks shared by every request DTO; each failure names its field.
enum Validate {
    /// A required, trimmed, single-line text of at most `max` characters.
    static func text(_ value: String, _ field: String, max: Int = 200) throws -> String {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else {
            throw APIError.invalid(field, code: "empty", en: "must not be empty", zh: "不能为空")
        }
        guard trimmed.count <= max else {
            throw APIError.invalid(field, code: "too_long", en: "must be at most \(max) characters", zh: "不能超过 \(max) 个字符")
        }
        guard !trimmed.contains(where: { $0.isNewline || $0.unicodeScalars.contains { $0.properties.generalCategory == .control } }) else {
            throw APIError.invalid(field, code: "invalid_characters", en: "must not contain control characters", zh: "不能包含控制字符")
        }
        return trimmed
    }

    static func optionalText(_ value: String?, _ field: String, max: Int = 200) throws -> String? {
        guard let value, !value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
        return try text(value, field, max: max)
    }

    static func range<T: Comparable>(_ value: T, _ field: String, _ range: ClosedRange<T>) throws -> T {
        guard range.contains(value) else {
            throw APIError.invalid(field, code: "out_of_range", en: "must be between \(range.lowerBound) and \(range.upperBound)", zh: "取值须在 \(range.lowerBound) 至 \(range.upperBound) 之间")
        }
        return value
    }

    /// Runs a Core code check and reports its reason under `field` with `code`.
    static func code<T>(_ field: String, _ code: String, _ parse: () throws(CodeError) -> T) throws -> T {
        do {
            return try parse()
        } catch {
            throw APIError.invalid(field, code: code, en: error.message, zh: error.messageZH)
        }
    }

    static func region(_ raw: String, _ field: String, in table: RegionTable) throws -> RegionCode {
        let region = try Validate.code(field, "invalid_region") { () throws(CodeError) in try RegionCode(raw) }
        guard table.region(region) != nil else {
            throw APIError.invalid(field, code: "unknown_region", en: "\(raw) is not in the region table", zh: "行政区划代码 \(raw) 不存在")
        }
        return region
    }
}

extension Validate {
    /// A calendar date `yyyy-MM-dd` (Asia/Shanghai days, stored as written).
    static func day(_ value: String, _ field: String) throws -> String {
        let parts = value.split(separator: "-", omittingEmptySubsequences: false)
        guard value.count == 10, parts.count == 3, let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (1900...2200).contains(year), DateComponents(calendar: .shanghai, year: year, month: month, day: day).isValidDate
        else {
            throw APIError.invalid(field, code: "invalid_date", en: "must be a date written yyyy-MM-dd", zh: "日期格式应为 yyyy-MM-dd")
        }
        return value
    }
}

extension Calendar {
    /// Day boundaries and report months are Asia/Shanghai (DESIGN.md).
    static let shanghai: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai")!
        return calendar
    }()
}

extension Date {
    /// The calendar day in Asia/Shanghai, `yyyy-MM-dd`.
    var shanghaiDay: String {
        let parts = Calendar.shanghai.dateComponents([.year, .month, .day], from: self)
        return String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
    }

    /// `yyyy-MM-dd HH:mm` in Asia/Shanghai.
    var shanghaiMinute: String {
        let parts = Calendar.shanghai.dateComponents([.hour, .minute], from: self)
        return shanghaiDay + String(format: " %02d:%02d", parts.hour!, parts.minute!)
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
