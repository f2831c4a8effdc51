/// 编码校验错误 — a precise, user-presentable reason a code was rejected.
///
/// Each case carries what the user needs to fix the input, so the server can show it
/// verbatim in the API error body and the Chinese UI.
public enum CodeError: Error, Equatable, Sendable {
    case empty
    case wrongLength(expected: Int, actual: Int)
    /// `position` is 1-based because it is shown to people counting characters on a card.
    case invalidCharacter(Character, position: Int)
    case checkCharacterMismatch(expected: Character, actual: Character)
    case invalidDate(String)
    /// The payload describes the expected structure, in English.
    case malformed(String)
    case unknownRegion(String)

    /// English message, e.g. "check character is K, expected 9".
    public var message: String {
        switch self {
        case .empty:
            "code is empty"
        case let .wrongLength(expected, actual):
            "length is \(actual), expected \(expected)"
        case let .invalidCharacter(character, position):
            "invalid character '\(character)' at position \(position)"
        case let .checkCharacterMismatch(expected, actual):
            "check character is \(actual), expected \(expected)"
        case let .invalidDate(date):
            "date \(date) is not a real date in the allowed range"
        case let .malformed(description):
            "malformed code: \(description)"
        case let .unknownRegion(code):
            "unknown administrative division code \(code)"
        }
    }

    /// Chinese message, e.g. "校验码错误：应为 9，实为 K".
    public var messageZH: String {
        switch self {
        case .empty:
            "编码为空"
        case let .wrongLength(expected, actual):
            "长度错误：应为 \(expected) 位，实为 \(actual) 位"
        case let .invalidCharacter(character, position):
            "第 \(position) 位字符“\(character)”无效"
        case let .checkCharacterMismatch(expected, actual):
            "校验码错误：应为 \(expected)，实为 \(actual)"
        case let .invalidDate(date):
            "日期无效或超出允许范围：\(date)"
        case let .malformed(description):
            // The structure description exists only in English; keep it rather than lose it.
            "格式错误：\(description)"
        case let .unknownRegion(code):
            "未知的行政区划代码：\(code)"
        }
    }
}
