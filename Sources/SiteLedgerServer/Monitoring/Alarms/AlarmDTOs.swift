import Vapor
import SiteLedgerCore

struct AlarmDTO: Content, LedgerRecord {
    let id: UUID
    let projectId: UUID
    let deviceId: UUID
    let ruleId: String
    let ruleName: String
    let factor: Factor
    let level: AlarmLevel
    let limit: Double
    let status: AlarmStatus
    let windowStart: Date
    let latestWindowStart: Date
    let raisedAt: Date
    let value: Double
    let peak: Double
    let acknowledgedAt: Date?
    let acknowledgedBy: String?
    let escalatedAt: Date?
    let clearedAt: Date?
    let assigneeId: UUID?
    let rectificationDeadline: Date
    let rectificationReply: String?
    let rectificationPhotos: [String]?
    let rectifiedAt: Date?

    /// Kept up to date from the readings without a logged change (see `AlarmService.keep`).
    static var derivedKeys: Set<String> { ["peak", "latestWindowStart"] }

    init(_ alarm: Alarm) {
        id = alarm.id!
        projectId = alarm.$project.id
        deviceId = alarm.$device.id
        ruleId = alarm.ruleID
        ruleName = alarm.ruleName
        factor = alarm.factor
        level = alarm.level
        limit = alarm.limit
        status = alarm.status
        windowStart = alarm.windowStart
        latestWindowStart = alarm.latestWindowStart
        raisedAt = alarm.raisedAt
        value = alarm.value
        peak = alarm.peak
        acknowledgedAt = alarm.acknowledgedAt
        acknowledgedBy = alarm.acknowledgedBy
        escalatedAt = alarm.escalatedAt
        clearedAt = alarm.clearedAt
        assigneeId = alarm.$assignee.id
        rectificationDeadline = alarm.rectificationDeadline
        rectificationReply = alarm.rectificationReply
        rectificationPhotos = alarm.rectificationPhotos
        rectifiedAt = alarm.rectifiedAt
    }
}

struct AlarmDetailDTO: Content {
    struct Comment: Content {
        let author: String
        let text: String
        let createdAt: Date
    }

    let alarm: AlarmDTO
    let comments: [Comment]
}

struct AcknowledgeAlarmRequest: Content {
    let comment: String?
}

struct AlarmCommentRequest: Content {
    let text: String
}

struct AssignAlarmRequest: Content {
    let assigneeId: UUID
}

struct RectifyAlarmRequest: Content {
    let reply: String
    let photos: [String]?
}

extension RuleTable: Content {}
