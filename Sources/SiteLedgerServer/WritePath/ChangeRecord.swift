import Fluent
import SQLKit
import Foundation

/// A row of the change log: every mutation the platform accepted, in order.
final class ChangeRecord: Model, @unchecked Sendable {
    static let schema = "changes"

    @ID(key: .id) var id: UUID?
    @Field(key: "kind") var kind: String
    @Field(key: "subject_type") var subjectType: String
    @Field(key: "subject_id") var subjectID: UUID
    @Field(key: "subject_label") var subjectLabel: String
    @Field(key: "summary") var summary: String
    @OptionalField(key: "actor_user_id") var actorUserID: UUID?
    @OptionalField(key: "actor_api_key_id") var actorAPIKeyID: UUID?
    @OptionalField(key: "actor_organization_id") var actorOrganizationID: UUID?
    @Field(key: "actor_label") var actorLabel: String
    @Field(key: "recorded_at") var recordedAt: Date
    @Field(key: "occurred_at") var occurredAt: Date
    @Field(key: "record") var record: String
    @Field(key: "record_sha256") var recordSHA256: String

    init() {}

    init(_ change: Change, record: CommittedRecord, by caller: Caller, at now: Date) {
        id = UUID()
        kind = change.kind
        subjectType = change.subjectType
        subjectID = change.subjectID
        subjectLabel = change.subjectLabel
        summary = change.summary
        actorUserID = caller.principal.userID
        actorAPIKeyID = caller.principal.apiKeyID
        actorOrganizationID = caller.principal.organizationID
        actorLabel = caller.label
        recordedAt = now
        occurredAt = change.occurredAt ?? now
        self.record = record.text
        recordSHA256 = record.sha256
    }

    /// Inserts `rows` in one statement, without the per-model work of Fluent's batch create:
    /// the change log is the platform's hottest insert.
    static func insert(_ rows: some Collection<ChangeRecord>, on sql: any SQLDatabase) async throws {
        try await sql.insert(into: schema).columns(
            "id", "kind", "subject_type", "subject_id", "subject_label", "summary", "actor_user_id", "actor_api_key_id",
            "actor_organization_id", "actor_label", "recorded_at", "occurred_at", "record", "record_sha256"
        ).rows(rows.map { change in
            [
                SQLBind(change.id!), SQLBind(change.kind), SQLBind(change.subjectType), SQLBind(change.subjectID),
                SQLBind(change.subjectLabel), SQLBind(change.summary), SQLBind(change.actorUserID), SQLBind(change.actorAPIKeyID),
                SQLBind(change.actorOrganizationID), SQLBind(change.actorLabel), SQLBind(change.recordedAt), SQLBind(change.occurredAt),
                SQLBind(change.record), SQLBind(change.recordSHA256),
            ] as [any SQLExpression]
        }).run()
    }
}

/// Links a change to a building's timeline (赋码、用码、信息归集: everything under one code).
final class TimelineLink: Model, @unchecked Sendable {
    static let schema = "timeline_links"

    @ID(key: .id) var id: UUID?
    @Field(key: "building_id") var buildingID: UUID
    @Parent(key: "change_id") var change: ChangeRecord
    /// `<occurredAt>|<change id>`: orders the timeline and serves as its cursor.
    @Field(key: "sort_key") var sortKey: String

    init() {}

    init(buildingID: UUID, change: ChangeRecord) throws {
        self.buildingID = buildingID
        self.$change.id = try change.requireID()
        self.sortKey = "\(change.occurredAt.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true)))|\(try change.requireID())"
    }

    /// Inserts `links`, new ones with their ids, in one statement.
    static func insert(_ links: some Collection<TimelineLink>, on sql: any SQLDatabase) async throws {
        try await sql.insert(into: schema).columns("id", "building_id", "change_id", "sort_key").rows(links.map { link in
            [SQLBind(link.id ?? UUID()), SQLBind(link.buildingID), SQLBind(link.$change.id), SQLBind(link.sortKey)] as [any SQLExpression]
        }).run()
    }
}
