import Fluent
import SQLKit
import Foundation
import SiteLedgerCore

/// Every change of an alarm: each one a logged change on the project's record.
enum AlarmService {
    static func raise(_ rule: MonitoringRule, device: DeviceFacts, window: Range<Int>, value: Double, writes: Writes) async throws -> Alarm {
        let alarm = Alarm()
        alarm.id = UUID()
        alarm.$project.id = device.project
        alarm.$device.id = device.id
        alarm.ruleID = rule.id
        alarm.ruleName = rule.nameZH
        alarm.factor = rule.factor
        alarm.level = rule.level
        alarm.limit = rule.limit
        alarm.status = .active
        alarm.windowStart = Date(unix: window.lowerBound)
        alarm.latestWindowStart = alarm.windowStart
        alarm.raisedAt = Date(unix: window.upperBound)
        alarm.value = value
        alarm.peak = value
        alarm.rectificationDeadline = Date(unix: rule.rectificationDeadline(raisedAt: window.upperBound))
        try await alarm.create(on: writes.database)
        record(alarm, "raised", "\(device.name) \(rule.nameZH)：\(format(value))，限值 \(format(rule.limit))", device: device.mn, writes: writes)
        return alarm
    }

    /// A further exceeding window of an open alarm: its peak, not a new alarm. The peak is
    /// derived from readings, which the ledger proves on their own, so it is not logged.
    /// Runs in the writer's turn.
    static func keep(_ alarm: Alarm, latestWindow: Int, peak: Double, on db: any Database) async throws {
        alarm.latestWindowStart = max(alarm.latestWindowStart, Date(unix: latestWindow))
        alarm.peak = max(alarm.peak, peak)
        try await alarm.update(on: db)
    }

    static func clear(_ alarm: Alarm, window: Range<Int>, value: Double, writes: Writes) async throws {
        alarm.status = .cleared
        alarm.latestWindowStart = Date(unix: window.lowerBound)
        alarm.clearedAt = Date(unix: window.upperBound)
        try await alarm.update(on: writes.database)
        record(alarm, "cleared", "\(alarm.ruleName) 已恢复：\(format(value))", writes: writes)
    }

    static func acknowledge(_ alarm: Alarm, comment: String?, writes: Writes, now: Date = Date()) async throws {
        guard let status = AlarmLifecycle.acknowledge(alarm.status) else {
            throw APIError.conflict("alarm_not_active", en: "only an active alarm can be acknowledged; this one is \(alarm.status.rawValue)", zh: "只有未确认的告警可以确认", field: "status")
        }
        alarm.status = status
        alarm.acknowledgedAt = now
        alarm.acknowledgedBy = writes.caller.label
        try await alarm.update(on: writes.database)
        if let comment { try await addComment(comment, to: alarm, writes: writes, now: now, logged: false) }
        record(alarm, "acknowledged", "\(writes.caller.label) 确认告警 \(alarm.ruleName)", writes: writes)
    }

    static func assign(_ alarm: Alarm, to user: UUID, writes: Writes) async throws {
        guard let assignee = try await User.find(user, on: writes.database) else {
            throw APIError.invalid("assigneeId", code: "unknown_user", en: "no user \(user)", zh: "处置人不存在")
        }
        alarm.$assignee.id = user
        try await alarm.update(on: writes.database)
        record(alarm, "assigned", "告警 \(alarm.ruleName) 指派给 \(assignee.displayName)", writes: writes)
    }

    static func addComment(_ text: String, to alarm: Alarm, writes: Writes, now: Date = Date(), logged: Bool = true) async throws {
        let comment = AlarmComment()
        comment.$alarm.id = try alarm.requireID()
        comment.author = writes.caller.label
        comment.text = try Validate.text(text, "text", max: 2_000)
        comment.createdAt = now
        try await comment.create(on: writes.database)
        if logged { record(alarm, "commented", "\(writes.caller.label) 评论告警：\(comment.text.prefix(40))", writes: writes) }
    }

    /// 整改回复 — the contractor's answer, once; answered after the deadline it is kept, and
    /// shown as late.
    static func rectify(_ alarm: Alarm, reply: String, photos: [String], writes: Writes, now: Date = Date()) async throws {
        guard alarm.rectifiedAt == nil else {
            throw APIError.conflict("already_rectified", en: "the rectification was already answered", zh: "该告警已提交整改回复", field: "reply")
        }
        guard photos.count <= 20, photos.allSatisfy({ (1...500).contains($0.count) }) else {
            throw APIError.invalid("photos", en: "at most 20 references of 1 to 500 characters", zh: "照片引用最多 20 个，每个 1 至 500 字符")
        }
        alarm.rectificationReply = try Validate.text(reply, "reply", max: 2_000)
        alarm.rectificationPhotos = photos
        alarm.rectifiedAt = now
        try await alarm.update(on: writes.database)
        let late = now > alarm.rectificationDeadline ? "（逾期）" : ""
        record(alarm, "rectified", "施工单位提交整改回复\(late)：\(alarm.ruleName)", writes: writes)
    }

    /// Active alarms nobody acknowledged within `after` go up to the regulator.
    static func escalateOverdue(now: Int, after: Int, on db: any Database, writePath: WritePath) async throws {
        let due = try await Alarm.query(on: db).filter(\.$status == .active).filter(\.$escalatedAt == nil)
            .filter(\.$raisedAt < Date(unix: now - after)).all()
        for alarm in due where AlarmLifecycle.escalationDue(raisedAt: Int(alarm.raisedAt.timeIntervalSince1970), acknowledged: false, now: now, after: after) {
            try await writePath.perform(on: db, by: .system) { writes in
                alarm.escalatedAt = Date(unix: now)
                try await alarm.update(on: writes.database)
                record(alarm, "escalated", "告警 \(alarm.ruleName) 超时未确认，已上报监管部门", writes: writes)
            }
        }
    }

    private static func record(_ alarm: Alarm, _ event: String, _ summary: String, device: String? = nil, writes: Writes) {
        writes.record(Change(
            kind: "alarm.\(event)", subjectType: "alarm", subjectID: alarm.id!, subjectLabel: device.map { "\($0) \(alarm.ruleID)" } ?? alarm.ruleID,
            summary: summary, record: AlarmDTO(alarm)
        ))
    }

    private static func format(_ value: Double) -> String { String(format: "%.1f", value) }
}

extension Date {
    init(unix seconds: Int) {
        self.init(timeIntervalSince1970: TimeInterval(seconds))
    }
}
