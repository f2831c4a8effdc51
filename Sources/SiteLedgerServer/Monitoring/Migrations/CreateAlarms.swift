import Fluent

/// Alarms, their comments, the exceeding windows rules count per day, and rule overrides.
struct CreateAlarms: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Alarm.schema)
            .id()
            .field("project_id", .uuid, .required, .references(Project.schema, .id))
            .field("device_id", .uuid, .required, .references(Device.schema, .id))
            .field("rule_id", .string, .required)
            .field("rule_name", .string, .required)
            .field("factor", .string, .required)
            .field("level", .string, .required)
            .field("limit_value", .double, .required)
            .field("status", .string, .required)
            .field("window_start", .datetime, .required)
            .field("latest_window_start", .datetime, .required)
            .field("raised_at", .datetime, .required)
            .field("value", .double, .required)
            .field("peak", .double, .required)
            .field("acknowledged_at", .datetime)
            .field("acknowledged_by", .string)
            .field("escalated_at", .datetime)
            .field("cleared_at", .datetime)
            .field("assignee_id", .uuid, .references(User.schema, .id))
            .field("rectification_deadline", .datetime, .required)
            .field("rectification_reply", .string)
            .field("rectification_photos", .array(of: .string))
            .field("rectified_at", .datetime)
            .unique(on: "device_id", "rule_id", "window_start")
            .create()
        try await database.schema(AlarmComment.schema)
            .id()
            .field("alarm_id", .uuid, .required, .references(Alarm.schema, .id))
            .field("author", .string, .required)
            .field("text", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema(RuleBook.exceedances)
            .field("device_id", .uuid, .required, .references(Device.schema, .id))
            .field("rule_id", .string, .required)
            .field("window_start", .int64, .required)
            .field("local_day", .int, .required)
            .field("value", .double, .required)
            .unique(on: "device_id", "rule_id", "window_start")
            .create()
        try await database.schema(RuleBook.overrides)
            .field("id", .uuid, .identifier(auto: false))
            .field("scope", .string, .required)
            .field("table_json", .string, .required)
            .unique(on: "scope")
            .create()
    }

    func revert(on database: any Database) async throws {
        for schema in [RuleBook.overrides, RuleBook.exceedances, AlarmComment.schema, Alarm.schema] {
            try await database.schema(schema).delete()
        }
    }
}
