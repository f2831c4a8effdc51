import Foundation
import NIOConcurrencyHelpers

/// A small in-process cache whose entries live for `ttl` seconds. Hot reads (who a token
/// belongs to, the facts access depends on) come from here; every write through this
/// process's write path empties the caches it could affect, and other processes sharing a
/// PostgreSQL database see a change at most `ttl` later.
final class ExpiringCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private let ttl: TimeInterval
    private let capacity: Int
    private let entries = NIOLockedValueBox([Key: (value: Value, expires: Date)]())

    init(ttl: TimeInterval, capacity: Int = 50_000) {
        self.ttl = ttl
        self.capacity = capacity
    }

    func value(for key: Key, now: Date = Date()) -> Value? {
        entries.withLockedValue { entries in
            guard let entry = entries[key] else { return nil }
            guard entry.expires > now else {
                entries[key] = nil
                return nil
            }
            return entry.value
        }
    }

    func store(_ value: Value, for key: Key, now: Date = Date()) {
        entries.withLockedValue { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = (value, now.addingTimeInterval(ttl))
        }
    }

    func removeValue(for key: Key) {
        _ = entries.withLockedValue { $0.removeValue(forKey: key) }
    }

    func removeAll() {
        entries.withLockedValue { $0.removeAll(keepingCapacity: true) }
    }

    /// The cached value, or `load`'s result stored for next time (`nil` is not cached).
    func value(for key: Key, orLoad load: () async throws -> Value?) async rethrows -> Value? {
        if let cached = value(for: key) { return cached }
        let loaded = try await load()
        if let loaded { store(loaded, for: key) }
        return loaded
    }
}
