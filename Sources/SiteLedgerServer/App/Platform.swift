import Vapor
import NIOConcurrencyHelpers
import SiteLedgerCore

/// The shared services of a running SiteLedger: built once in `configure`, read by routes.
struct SiteLedger: Sendable {
    let settings: Settings
    let writePath: WritePath
    let passwords: Passwords
    /// Serializes sign-in attempts per username (see `LoginService`).
    let signIns: TurnGate<String>
    let regions: RegionTable
    let buildingCodes: any BuildingCodeFormat
    let metrics: Metrics
    let caches: ReadCaches
    let ledger: Ledger
    let ingest: Ingest
    let monitoring: MonitoringWorker
}

/// One of the hot reads `ReadCaches` keeps.
enum CachedRead: Sendable, CaseIterable {
    case callers, projects
}

/// Hot reads kept in memory for a few seconds; see `ExpiringCache` for what that means
/// across processes.
struct ReadCaches: Sendable {
    /// Credential (session token or API key) → who it belongs to.
    let callers: ExpiringCache<String, Authenticated>
    /// Project id → what `GET /projects/{id}` answers and what access to it depends on.
    let projects: ExpiringCache<UUID, ProjectSnapshot>
    /// Subject type → the caches its changes make stale, as the features declare them.
    let staledBy: [String: Set<CachedRead>]

    /// Entries live `lifetime` at most: how long another process's writes may go unseen.
    init(staledBy: [String: Set<CachedRead>], lifetime: Duration) {
        callers = ExpiringCache(ttl: lifetime.inSeconds)
        projects = ExpiringCache(ttl: lifetime.inSeconds)
        self.staledBy = staledBy
    }

    /// Empties the caches that committed writes may have made stale, given the subject types
    /// each write changed; all of them when a write logged nothing, since then nothing says
    /// what it touched.
    func invalidate(afterWritesChanging writes: [Set<String>]) {
        let stale = writes.reduce(into: Set<CachedRead>()) { stale, types in
            stale.formUnion(types.isEmpty ? Set(CachedRead.allCases) : types.reduce(into: []) { $0.formUnion(staledBy[$1] ?? []) })
        }
        if stale.contains(.callers) { callers.removeAll() }
        if stale.contains(.projects) { projects.removeAll() }
    }
}

extension Application {
    private struct Key: StorageKey { typealias Value = SiteLedger }

    var siteLedger: SiteLedger {
        get {
            guard let value = storage[Key.self] else { fatalError("configure(_:) has not run") }
            return value
        }
        set { storage[Key.self] = newValue }
    }
}

extension Request {
    var siteLedger: SiteLedger { application.siteLedger }
}

/// Bcrypt, run off the event loop: a hash takes a quarter of a second at cost 12.
struct Passwords: Sendable {
    let cost: Int
    let pool: NIOThreadPool
    /// Checked against when an account does not exist, so that a wrong username takes as
    /// long as a wrong password and does not reveal which accounts exist. Made on first
    /// need, not at start-up.
    private let decoy = NIOLockedValueBox<String?>(nil)

    init(cost: Int, pool: NIOThreadPool) {
        self.cost = cost
        self.pool = pool
    }

    func hash(_ password: String) async throws -> String {
        let cost = self.cost
        return try await pool.runIfActive { try Bcrypt.hash(password, cost: cost) }
    }

    func verify(_ password: String, hash: String?) async throws -> Bool {
        let digest = if let hash { hash } else { try await decoyHash() }
        let matches = try await pool.runIfActive { (try? Bcrypt.verify(password, created: digest)) ?? false }
        return matches && hash != nil
    }

    private func decoyHash() async throws -> String {
        if let made = decoy.withLockedValue({ $0 }) { return made }
        let made = try await self.hash(UUID().uuidString)
        return decoy.withLockedValue { current in
            if let current { return current }
            current = made
            return made
        }
    }
}
