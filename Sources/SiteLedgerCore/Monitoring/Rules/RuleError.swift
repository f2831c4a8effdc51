/// 规则配置错误 — why a rule table was refused: the rule, the field as it is named in JSON,
/// and the reason, so that an administrator editing a region's table can fix it.
public struct RuleError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The rule at fault; nil for the table's day definition.
    public let ruleID: String?
    /// `id`, `limit`, `clearBelow`, `allowedExceedancesPerDay`, `dayDefinition.dayStartsAt`, …
    public let field: String
    public let reason: Reason

    public init(ruleID: String?, field: String, reason: Reason) {
        self.ruleID = ruleID
        self.field = field
        self.reason = reason
    }

    public enum Reason: Equatable, Sendable {
        case empty
        /// Another rule of the table has the same id.
        case duplicate
        case notFinite
        case notPositive
        case negative
        /// Above the rule's limit (the payload).
        case aboveLimit(Double)
        /// Outside the allowed range (the payload).
        case outOfRange(Range<Int>)
        /// Night would start when day starts.
        case equalsDayStart
    }

    /// English, e.g. "rule pm10-1h-alarm: clearBelow must not be above the limit 200.0".
    public var description: String {
        let reason = switch reason {
        case .empty: "must not be empty"
        case .duplicate: "is used by another rule"
        case .notFinite: "must be a finite number"
        case .notPositive: "must be greater than 0"
        case .negative: "must not be negative"
        case .aboveLimit(let limit): "must not be above the limit \(limit)"
        case .outOfRange(let range): "must be in \(range.lowerBound)..<\(range.upperBound)"
        case .equalsDayStart: "must differ from dayStartsAt"
        }
        return (ruleID.map { "rule \($0): " } ?? "") + "\(field) \(reason)"
    }

    /// Chinese, e.g. "规则 pm10-1h-alarm：clearBelow 不得高于限值 200.0".
    public var messageZH: String {
        let reason = switch reason {
        case .empty: "不能为空"
        case .duplicate: "与其他规则重复"
        case .notFinite: "必须是有限数值"
        case .notPositive: "必须大于 0"
        case .negative: "不能为负数"
        case .aboveLimit(let limit): "不得高于限值 \(limit)"
        case .outOfRange(let range): "必须在 \(range.lowerBound) 至 \(range.upperBound - 1) 之间"
        case .equalsDayStart: "不能与昼间开始时间相同"
        }
        return (ruleID.map { "规则 \($0)：" } ?? "") + "\(field) \(reason)"
    }
}
