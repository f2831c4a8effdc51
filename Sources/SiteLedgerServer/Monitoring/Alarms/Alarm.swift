import Fluent
import Foundation
import SiteLedgerCore

/// 告警 — a device's windows breaking a rule: raised by the monitoring worker, handled by the
/// site and the regulator, cleared when the air is back below the rule's clearing level.
final class Alarm: Model, @unchecked Sendable {
    static let schema = "alarms"

    @ID(key: .id) var id: UUID?
    @Parent(key: "project_id") var project: Project
    @Parent(key: "device_id") var device: Device
    @Field(key: "rule_id") var ruleID: String
    @Field(key: "rule_name") var ruleName: String
    @Field(key: "factor") var factor: Factor
    @Field(key: "level") var level: AlarmLevel
    @Field(key: "limit_value") var limit: Double
    @Field(key: "status") var status: AlarmStatus
    /// The window that raised it, and the latest window judged since.
    @Field(key: "window_start") var windowStart: Date
    @Field(key: "latest_window_start") var latestWindowStart: Date
    @Field(key: "raised_at") var raisedAt: Date
    @Field(key: "value") var value: Double
    @Field(key: "peak") var peak: Double
    @OptionalField(key: "acknowledged_at") var acknowledgedAt: Date?
    @OptionalField(key: "acknowledged_by") var acknowledgedBy: String?
    @OptionalField(key: "escalated_at") var escalatedAt: Date?
    @OptionalField(key: "cleared_at") var clearedAt: Date?
    @OptionalParent(key: "assignee_id") var assignee: User?
    /// 整改期限 and the contractor's reply.
    @Field(key: "rectification_deadline") var rectificationDeadline: Date
    @OptionalField(key: "rectification_reply") var rectificationReply: String?
    /// References of the photos the reply points to (file ids or URLs of the site's system).
    @OptionalField(key: "rectification_photos") var rectificationPhotos: [String]?
    @OptionalField(key: "rectified_at") var rectifiedAt: Date?

    init() {}
}

/// A remark on an alarm by someone handling it.
final class AlarmComment: Model, @unchecked Sendable {
    static let schema = "alarm_comments"

    @ID(key: .id) var id: UUID?
    @Parent(key: "alarm_id") var alarm: Alarm
    @Field(key: "author") var author: String
    @Field(key: "text") var text: String
    @Field(key: "created_at") var createdAt: Date

    init() {}
}
