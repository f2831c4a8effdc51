import Fluent
import Foundation
import NIOConcurrencyHelpers
import NIOCore

/// The door readings come in by, from every gateway connection and the HTTP ingest alike.
/// The uploads that arrive while one transaction commits are committed together in the next
/// (SQLite's turn taken on the write path, so it never competes with other writes), and each
/// caller hears only once its readings are durable: an HJ 212 9014 means stored.
///
/// Uploads queue under a lock rather than on an actor, so that a gateway connection hands one
/// over from its event loop without starting a task: at thousands of packets a second a task
/// each would crowd the cooperative pool the monitoring worker runs on.
struct Ingest: Sendable {
    struct Upload: Sendable {
        let readings: [StoredReading]
        /// Where `done` runs; nil: wherever the commit finished.
        let eventLoop: (any EventLoop)?
        let done: @Sendable (Result<Void, any Error>) -> Void
    }

    private struct Queue {
        var uploads: [Upload] = []
        var draining = false
    }

    private let queue = NIOLockedValueBox(Queue())
    private let commit: @Sendable ([Upload]) async -> Void

    /// At most this many uploads share a transaction.
    static let maxGroup = 4_096

    /// `stored` hears of readings once they are committed, and whether every one was new;
    /// `metrics`, of each commit.
    init(database: any Database, writePath: WritePath, metrics: Metrics, stored: @escaping @Sendable (_ readings: [StoredReading], _ allNew: Bool) -> Void) {
        commit = { uploads in
            do {
                let readings = uploads.flatMap(\.readings)
                let clock = ContinuousClock()
                let start = clock.now
                let inserted = try await ReadingStore.insert(readings, on: database, writePath: writePath)
                metrics.observeIngestCommit(readings: readings.count, seconds: (clock.now - start).inSeconds)
                stored(readings, inserted == readings.count)
                Self.deliver(uploads) { _ in .success(()) }
            } catch where uploads.count > 1 {
                // Inserting readings touches nothing else, so each upload can simply try again
                // on its own: one that cannot be stored must not hold back the others.
                var outcomes: [Result<Void, any Error>] = []
                for upload in uploads {
                    do {
                        let inserted = try await ReadingStore.insert(upload.readings, on: database, writePath: writePath)
                        stored(upload.readings, inserted == upload.readings.count)
                        outcomes.append(.success(()))
                    } catch {
                        outcomes.append(.failure(error))
                    }
                }
                Self.deliver(uploads) { [outcomes] in outcomes[$0] }
            } catch {
                Self.deliver(uploads) { _ in .failure(error) }
            }
        }
    }

    /// Stores `readings` and returns once they are committed; readings already stored are
    /// left as they were.
    func store(_ readings: [StoredReading]) async throws {
        try await withCheckedThrowingContinuation { continuation in
            submit(readings) { continuation.resume(with: $0) }
        }
    }

    /// Queues `readings`; `done` is called once they are committed or could not be, on
    /// `eventLoop` if given (else on no particular thread).
    func submit(_ readings: [StoredReading], on eventLoop: (any EventLoop)? = nil, done: @escaping @Sendable (Result<Void, any Error>) -> Void) {
        let startDrain = queue.withLockedValue { queue in
            queue.uploads.append(Upload(readings: readings, eventLoop: eventLoop, done: done))
            defer { queue.draining = true }
            return !queue.draining
        }
        if startDrain { Task { await drain() } }
    }

    /// Answers each upload with the outcome at its position, one hop to each event loop for all
    /// of its uploads rather than one per upload: a group holds thousands, and the commit's turn
    /// ends only once they are out. Positions, not (upload, outcome) pairs: copying and freeing
    /// thousands of pairs went through generic tuple code on the event loops.
    private static func deliver(_ uploads: [Upload], outcome: @escaping @Sendable (Int) -> Result<Void, any Error>) {
        var positionsByLoop: [ObjectIdentifier?: [Int]] = [:]
        for (position, upload) in uploads.enumerated() {
            positionsByLoop[upload.eventLoop.map(ObjectIdentifier.init), default: []].append(position)
        }
        for positions in positionsByLoop.values {
            let run: @Sendable () -> Void = { for position in positions { uploads[position].done(outcome(position)) } }
            if let eventLoop = uploads[positions[0]].eventLoop { eventLoop.execute(run) } else { run() }
        }
    }

    private func drain() async {
        while true {
            let group = queue.withLockedValue { queue in
                guard queue.uploads.count > Self.maxGroup else {
                    defer { queue.uploads = [] }
                    if queue.uploads.isEmpty { queue.draining = false }
                    return queue.uploads
                }
                let group = Array(queue.uploads.prefix(Self.maxGroup))
                queue.uploads.removeFirst(group.count)
                return group
            }
            guard !group.isEmpty else { return }
            await commit(group)
        }
    }
}
