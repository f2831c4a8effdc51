import Foundation
import NIOConcurrencyHelpers

/// Counts failed authentications per source address; a source that keeps failing is turned
/// away for a while, so that guessing MNs and passwords is slow and cheap for the gateway.
final class SourceThrottle: Sendable {
    private struct Record {
        var failures: [Date] = []
        var blockedUntil: Date?
    }

    private let records = NIOLockedValueBox<[String: Record]>([:])
    let limit: Int
    let window: TimeInterval
    let penalty: TimeInterval

    init(limit: Int = 5, window: TimeInterval = 60, penalty: TimeInterval = 300) {
        self.limit = limit
        self.window = window
        self.penalty = penalty
    }

    func isBlocked(_ source: String, now: Date = Date()) -> Bool {
        records.withLockedValue { $0[source]?.blockedUntil.map { $0 > now } ?? false }
    }

    /// Records a failure; answers whether the source is now blocked.
    @discardableResult
    func failed(_ source: String, now: Date = Date()) -> Bool {
        records.withLockedValue { records in
            if records.count > 100_000 { records = records.filter { $0.value.blockedUntil.map { $0 > now } ?? false } }
            var record = records[source] ?? Record()
            record.failures = record.failures.filter { now.timeIntervalSince($0) < window } + [now]
            if record.failures.count >= limit {
                record.blockedUntil = now.addingTimeInterval(penalty)
                record.failures = []
            }
            records[source] = record
            return record.blockedUntil.map { $0 > now } ?? false
        }
    }
}
