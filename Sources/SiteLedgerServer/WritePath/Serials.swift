import SQLKit
import NIOConcurrencyHelpers

/// Serial numbers that the writes of one transaction draw per scope (a county and year for
/// building codes) from the `code_sequences` table.
///
/// On PostgreSQL writes run concurrently: each serial comes from an atomic upsert whose row
/// lock is held until commit, so no two transactions receive the same one. On SQLite a group
/// commit's writes run one at a time in a transaction that holds the database's only write
/// lock, so a scope's stored value is read once, counted on in memory and written back once
/// before commit: one round trip fewer for every building registered.
final class Serials: Sendable {
    struct Counter: Sendable {
        let stored: Int
        var last: Int
    }

    private let counting: Bool
    private let counters = NIOLockedValueBox<[String: Counter]>([:])

    /// `counting` only inside a transaction that holds the write lock of the whole database.
    init(counting: Bool) {
        self.counting = counting
    }

    func next(in scope: String, on sql: any SQLDatabase) async throws -> Int {
        guard counting else { return try await upsert(scope, adding: 1, on: sql) }
        if let serial = counters.withLockedValue({ $0[scope]?.last += 1; return $0[scope]?.last }) { return serial }
        let stored = try await sql.raw("SELECT last_serial FROM code_sequences WHERE scope = \(bind: scope)").first()?
            .decode(column: "last_serial", as: Int.self) ?? 0
        counters.withLockedValue { $0[scope] = Counter(stored: stored, last: stored + 1) }
        return stored + 1
    }

    /// The serials issued so far, to go back to when a write fails and its savepoint is undone.
    var mark: [String: Counter] { counters.withLockedValue { $0 } }

    func restore(_ mark: [String: Counter]) {
        counters.withLockedValue { $0 = mark }
    }

    /// Writes back the last serial of every scope that issued any.
    func store(on sql: any SQLDatabase) async throws {
        for (scope, counter) in mark where counter.last > counter.stored {
            _ = try await upsert(scope, adding: counter.last - counter.stored, on: sql)
        }
    }

    private func upsert(_ scope: String, adding count: Int, on sql: any SQLDatabase) async throws -> Int {
        let row = try await sql.raw("""
            INSERT INTO code_sequences (scope, last_serial) VALUES (\(bind: scope), \(bind: count))
            ON CONFLICT (scope) DO UPDATE SET last_serial = code_sequences.last_serial + \(bind: count)
            RETURNING last_serial
            """).first()
        guard let serial = try row?.decode(column: "last_serial", as: Int.self) else { throw SerialsFault() }
        return serial
    }
}

private struct SerialsFault: Error, CustomStringConvertible {
    var description: String { "the code_sequences upsert returned no row" }
}
