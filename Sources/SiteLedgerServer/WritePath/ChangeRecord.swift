import Fluent
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
}
