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
}

/// Hot reads kept in memory for a few seconds; see `ExpiringCache` for what that means
/// across processes.
struct ReadCaches: Sendable {
    /// Credential (session token or API key) → who it belongs to.
    let callers = ExpiringCache<String, Authenticated>(ttl: 5)
    /// Project id → what `GET /projects/{id}` answers and what access to it depends on.
    let projects = ExpiringCache<UUID, ProjectSnapshot>(ttl: 5)

    /// Any write may change a project, a participation, a role or a key.
    func invalidateAfterWrite() {
        callers.removeAll()
        projects.removeAll()
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
