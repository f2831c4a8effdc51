/// Admits one task at a time per key, in arrival order.
///
/// Sign-in keys it by username: parallel guesses at one account are then counted one after
/// another, so they cannot all slip in before the back-off locks the account.
actor TurnGate<Key: Hashable & Sendable> {
    private var busy: Set<Key> = []
    private var waiting: [Key: [CheckedContinuation<Void, Never>]] = [:]

    func withTurn<T: Sendable>(for key: Key, _ body: @Sendable () async throws -> T) async throws -> T {
        await acquire(key)
        defer { release(key) }
        return try await body()
    }

    private func acquire(_ key: Key) async {
        guard busy.contains(key) else {
            busy.insert(key)
            return
        }
        await withCheckedContinuation { waiting[key, default: []].append($0) }
    }

    private func release(_ key: Key) {
        if var queue = waiting[key], !queue.isEmpty {
            let next = queue.removeFirst()
            waiting[key] = queue.isEmpty ? nil : queue
            next.resume()
        } else {
            busy.remove(key)
        }
    }
}
