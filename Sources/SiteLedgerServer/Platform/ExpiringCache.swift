import Foundation
import NIOConcurrencyHelpers

/// A small in-process cache whose entries live for `ttl` seconds. Hot reads (who a token
/// belongs to, the facts access depends on) come from here; every write through this
/// process's write path empties the caches it could affect, and other processes sharing a
/// PostgreSQL database see a change at most `ttl` later.
final class ExpiringCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private let ttl: TimeInterval
    private let capacity: Int
    private struct State {
        var entries: [Key: (value: Value, expires: Date)] = [:]
        /// Bumped by `removeAll`, so a load that began before it cannot store what it read.
        var generation = 0
    }

    private let state = NIOLockedValueBox(State())

    init(ttl: TimeInterval, capacity: Int = 50_000) {
        self.ttl = ttl
        self.capacity = capacity
    }

    func value(for key: Key, now: Date = Date()) -> Value? {
        state.withLockedValue { state in
            guard let entry = state.entries[key] else { return nil }
            guard entry.expires > now else {
                state.entries[key] = nil
                return nil
            }
            return entry.value
        }
    }

    func removeAll() {
        state.withLockedValue {
            $0.entries.removeAll(keepingCapacity: true)
            $0.generation += 1
        }
    }

    /// The cached value, or `load`'s result stored for next time (`nil` is not cached). A
    /// result is not stored when the cache was emptied while it loaded: it may predate the
    /// write that emptied it.
    func value(for key: Key, orLoad load: () async throws -> Value?) async rethrows -> Value? {
        if let cached = value(for: key) { return cached }
        let generation = state.withLockedValue { $0.generation }
        let loaded = try await load()
        if let loaded { store(loaded, for: key, ifGeneration: generation) }
        return loaded
    }

    private func store(_ value: Value, for key: Key, ifGeneration generation: Int, now: Date = Date()) {
        state.withLockedValue { state in
            guard state.generation == generation else { return }
            if state.entries.count >= capacity { state.entries.removeAll(keepingCapacity: true) }
            state.entries[key] = (value, now.addingTimeInterval(ttl))
        }
    }
}
