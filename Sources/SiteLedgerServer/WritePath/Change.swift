import Foundation

/// One mutation as the platform records it: what happened to which subject, said in a way
/// that the building timeline shows and the evidence ledger commits to.
struct Change: Sendable {
    /// Dotted event kind, e.g. `project.registered`, `building.event-posted`.
    let kind: String
    let subjectType: String
    let subjectID: UUID
    /// Human label of the subject: a code or a name.
    let subjectLabel: String
    /// Chinese one-liner for the timeline.
    let summary: String
    /// When the thing happened in the world; the write time when not given.
    let occurredAt: Date?
    /// Buildings whose timeline this change belongs on.
    let buildings: [UUID]
    /// The subject's state after the change, in the form the ledger commits to. Made when the
    /// change is stored, beside the writer rather than in its turn: it is the costliest part
    /// of most writes.
    let record: @Sendable () throws -> CommittedRecord

    init<Record: LedgerRecord>(
        kind: String, subjectType: String, subjectID: UUID, subjectLabel: String, summary: String,
        occurredAt: Date? = nil, buildings: [UUID] = [], record: Record
    ) {
        self.kind = kind
        self.subjectType = subjectType
        self.subjectID = subjectID
        self.subjectLabel = subjectLabel
        self.summary = summary
        self.occurredAt = occurredAt
        self.buildings = buildings
        self.record = { try CommittedRecord(record) }
    }

    static func canonicalJSON(_ value: some Encodable) throws -> String {
        let encoder = RFC3339.encoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
