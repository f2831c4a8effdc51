import Fluent
import Foundation

/// The door readings come in by, from every gateway connection and the HTTP ingest alike.
/// The uploads that arrive while one transaction commits are committed together in the next
/// (SQLite's turn taken on the write path, so it never competes with other writes), and each
/// caller returns only once its readings are durable: an HJ 212 9014 means stored.
struct Ingest: Sendable {
    struct Upload: Sendable {
        let readings: [StoredReading]
        let done: @Sendable (Result<Void, any Error>) -> Void
    }

    private let queue: GroupCommit<Upload>

    /// At most this many uploads share a transaction.
    static let maxGroup = 4_096

    /// `stored` hears of readings once they are committed.
    init(database: any Database, writePath: WritePath, stored: @escaping @Sendable ([StoredReading]) -> Void) {
        queue = GroupCommit(maxGroup: Self.maxGroup) { uploads in
            do {
                let readings = uploads.flatMap(\.readings)
                try await Self.commit(readings, database: database, writePath: writePath)
                stored(readings)
                for upload in uploads { upload.done(.success(())) }
            } catch where uploads.count > 1 {
                // Inserting readings touches nothing else, so each upload can simply try again
                // on its own: one that cannot be stored must not hold back the others.
                for upload in uploads {
                    do {
                        try await Self.commit(upload.readings, database: database, writePath: writePath)
                        stored(upload.readings)
                        upload.done(.success(()))
                    } catch {
                        upload.done(.failure(error))
                    }
                }
            } catch {
                uploads[0].done(.failure(error))
            }
        }
    }

    /// Stores `readings` and returns once they are committed; readings already stored are
    /// left as they were.
    func store(_ readings: [StoredReading]) async throws {
        try await queue.submit { continuation in Upload(readings: readings) { continuation.resume(with: $0) } }
    }

    private static func commit(_ readings: [StoredReading], database: any Database, writePath: WritePath) async throws {
        try await ReadingStore.insert(readings, on: database, writePath: writePath)
    }
}
