/// Admits one writer at a time, as SQLite requires, and hands the writes that queued up
/// meanwhile to `commit` together, in arrival order, so that they share one transaction and
/// one sync to disk (group commit). Under load a transaction's cost is mostly the round trips
/// and the sync around it, not the rows in it.
actor GroupCommit<Member: Sendable> {
    private enum Turn {
        case member(Member)
        /// Work that runs alone, e.g. the ledger integrator storing tiles.
        case exclusive(@Sendable () async -> Void)
    }

    private var queue: [Turn] = []
    private var draining = false
    private let maxGroup: Int
    private let commit: @Sendable ([Member]) async -> Void

    init(maxGroup: Int, commit: @escaping @Sendable ([Member]) async -> Void) {
        self.maxGroup = maxGroup
        self.commit = commit
    }

    /// Queues the member `make` builds around the continuation it must resume, and waits for it.
    func submit<T: Sendable>(_ make: (CheckedContinuation<T, any Error>) -> Member) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.append(.member(make(continuation)))
            drainIfIdle()
        }
    }

    /// Runs `body` as the only writer: after the groups queued before it, before those after.
    func exclusively<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.append(.exclusive {
                do { continuation.resume(returning: try await body()) } catch { continuation.resume(throwing: error) }
            })
            drainIfIdle()
        }
    }

    private func drainIfIdle() {
        guard !draining else { return }
        draining = true
        Task { await drain() }
    }

    private func drain() async {
        while let turn = queue.first {
            if case .exclusive(let body) = turn {
                queue.removeFirst()
                await body()
            } else {
                await commit(nextGroup())
            }
        }
        draining = false
    }

    /// The members at the head of the queue, up to the first exclusive turn.
    private func nextGroup() -> [Member] {
        var group: [Member] = []
        for turn in queue.prefix(maxGroup) {
            guard case .member(let member) = turn else { break }
            group.append(member)
        }
        queue.removeFirst(group.count)
        return group
    }
}
