import Fluent
import SQLKit
import Foundation
import Crypto
import SiteLedgerCore

/// `ledger check`: finds records changed behind the platform's back. It recomputes the hash
/// of every logged record and compares it with its entry, compares every entry with the leaf
/// hash the log integrated, finds changes that never reached the log, and compares each
/// subject's current row with the record its last change logged.
enum LedgerCheck {
    struct Finding: Sendable, CustomStringConvertible {
        let index: UInt64?
        let subject: String
        let problem: String

        var description: String { (index.map { "entry \($0): " } ?? "") + "\(subject): \(problem)" }
    }

    struct Report: Sendable {
        let entries: UInt64
        let subjects: Int
        let findings: [Finding]
    }

    private struct Latest {
        let index: UInt64
        let change: ChangeRecord
    }

    static func run(_ ledger: Ledger, on db: any Database) async throws -> Report {
        var findings: [Finding] = []
        var latest: [String: Latest] = [:]
        let size = try await ledger.store.committedSize(on: db)
        let integrated = try await ledger.log.checkpoint()?.size ?? 0
        var start: UInt64 = 0
        while start < size {
            let rows = try await ledger.store.entries(start..<min(size, start + UInt64(Tile.width)), on: db)
            let changes = try await changes(of: rows.map(\.index), store: ledger.store, on: db)
            let leaves = start < integrated ? try await ledger.log.hashTile(TileKey(level: 0, index: start / UInt64(Tile.width)), size: integrated) : nil
            for row in rows {
                guard let change = changes[row.index] else {
                    findings.append(Finding(index: row.index, subject: "change log", problem: "the change this entry logged has been deleted"))
                    continue
                }
                findings += check(row.entry, at: row.index, against: change, integratedLeaves: leaves, base: start)
                latest["\(change.subjectType)/\(change.subjectID)"] = Latest(index: row.index, change: change)
            }
            start += UInt64(Tile.width)
        }
        findings += try await unlogged(on: db)
        var differing: [(key: String, finding: Finding)] = []
        for (key, item) in latest.sorted(by: { $0.value.index < $1.value.index }) {
            if let finding = try await compareCurrentRow(item, ledger: ledger, on: db) { differing.append((key, finding)) }
        }
        // On a running server a subject may have changed again since the check read the log:
        // its row then shows a change the checked entries do not hold yet.
        let changedSince = try await subjectsChanged(since: size, on: db)
        findings += differing.filter { !changedSince.contains($0.key) }.map(\.finding)
        return Report(entries: size, subjects: latest.count, findings: findings)
    }

    private static func changes(of indexes: [UInt64], store: LedgerStore, on db: any Database) async throws -> [UInt64: ChangeRecord] {
        guard let first = indexes.first, let last = indexes.last else { return [:] }
        let links = try await (db as! any SQLDatabase).raw("""
            SELECT idx, change_id FROM ledger_entries WHERE idx >= \(bind: Int64(first)) AND idx <= \(bind: Int64(last))
            """).all().map { (UInt64(try $0.decode(column: "idx", as: Int64.self)), try $0.decode(column: "change_id", as: UUID.self)) }
        let rows = try await ChangeRecord.query(on: db).filter(\.$id ~~ links.map(\.1)).all()
        let byID = Dictionary(uniqueKeysWithValues: try rows.map { (try $0.requireID(), $0) })
        return Dictionary(uniqueKeysWithValues: links.compactMap { link in byID[link.1].map { (link.0, $0) } })
    }

    private static func check(_ bytes: Data, at index: UInt64, against change: ChangeRecord, integratedLeaves: Data?, base: UInt64) -> [Finding] {
        let subject = "\(change.subjectType) \(change.subjectLabel)"
        var findings: [Finding] = []
        if let leaves = integratedLeaves, leaves.count >= Int(index - base + 1) * 32,
           Merkle.leafHash(bytes).bytes != [UInt8](leaves[leaves.startIndex + Int(index - base) * 32 ..< leaves.startIndex + Int(index - base + 1) * 32]) {
            findings.append(Finding(index: index, subject: subject, problem: "the stored entry differs from the one the log integrated"))
        }
        let actual = SHA256.hash(data: Data(change.record.utf8)).hexDigits
        guard let entry = try? LedgerEntry.decode(bytes) else {
            return findings + [Finding(index: index, subject: subject, problem: "the stored entry is not valid JSON any more")]
        }
        if entry.record != actual {
            findings.append(Finding(index: index, subject: subject, problem: "the change log's copy of the record no longer hashes to \(entry.record)"))
        }
        if entry.kind != change.kind || entry.subject.id != change.subjectID || entry.subject.type != change.subjectType {
            findings.append(Finding(index: index, subject: subject, problem: "the change log row no longer names what the entry logged (\(entry.kind) of \(entry.subject.type) \(entry.subject.id))"))
        }
        return findings
    }

    /// `type/id` of the subjects with entries at `size` or later.
    private static func subjectsChanged(since size: UInt64, on db: any Database) async throws -> Set<String> {
        Set(try await (db as! any SQLDatabase).raw("""
            SELECT c.subject_type, c.subject_id FROM changes c JOIN ledger_entries e ON e.change_id = c.id WHERE e.idx >= \(bind: Int64(size))
            """).all().map { "\(try $0.decode(column: "subject_type", as: String.self))/\(try $0.decode(column: "subject_id", as: UUID.self))" })
    }

    /// Changes that have no entry: rows added to the change log behind the platform's back.
    private static func unlogged(on db: any Database) async throws -> [Finding] {
        try await (db as! any SQLDatabase).raw("""
            SELECT c.kind, c.subject_type, c.subject_label FROM changes c LEFT JOIN ledger_entries e ON e.change_id = c.id WHERE e.idx IS NULL
            """).all().map {
            Finding(index: nil, subject: "\(try $0.decode(column: "subject_type", as: String.self)) \(try $0.decode(column: "subject_label", as: String.self))",
                    problem: "change \(try $0.decode(column: "kind", as: String.self)) is in the change log but not in the ledger")
        }
    }

    private static func compareCurrentRow(_ item: Latest, ledger: Ledger, on db: any Database) async throws -> Finding? {
        let change = item.change
        guard let subject = ledger.subjects[change.subjectType] else { return nil }
        let salts = try await self.salts(of: change.requireID(), on: db)
        let label = "\(change.subjectType) \(change.subjectLabel)"
        guard let current = try await subject.current(change.subjectID, salts, db) else {
            return Finding(index: item.index, subject: label, problem: "the row was deleted behind the platform's back")
        }
        let fields = differences(logged: change.record, current: current.text)
        guard !fields.isEmpty else { return nil }
        return Finding(index: item.index, subject: label, problem: "the current row differs from the logged record in: \(fields.joined(separator: ", "))")
    }

    private static func salts(of change: UUID, on db: any Database) async throws -> [String: Data] {
        let rows = try await (db as! any SQLDatabase).raw("SELECT field, salt FROM ledger_salts WHERE change_id = \(bind: change)").all()
        return Dictionary(uniqueKeysWithValues: try rows.map { (try $0.decode(column: "field", as: String.self), try $0.decode(column: "salt", as: Data.self)) })
    }

    /// Top-level keys whose values differ; a personal value whose salt was erased is absent
    /// from the current form and not counted.
    static func differences(logged: String, current: String) -> [String] {
        guard logged != current else { return [] }
        guard case .object(let old)? = try? JSONDecoder().decode(JSONValue.self, from: Data(logged.utf8)),
              case .object(let new)? = try? JSONDecoder().decode(JSONValue.self, from: Data(current.utf8))
        else { return ["(whole record)"] }
        return Set(old.keys).union(new.keys).sorted().filter { key in
            guard let newValue = new[key] else { return !isCommitment(old[key]) }
            return old[key] != newValue
        }
    }

    private static func isCommitment(_ value: JSONValue?) -> Bool {
        if case .object(let object)? = value { object.keys.sorted() == ["commitment"] } else { false }
    }
}
