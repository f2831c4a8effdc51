import Fluent
import SQLKit
import Foundation
import SiteLedgerCore

/// Seals each device's closed hours into the evidence ledger, and reseals an hour when late
/// readings change it.
enum ReadingSeals {
    /// An hour is sealed this long after it ends, so that the last packets of a device
    /// reporting on time are in it; a reading arriving later reseals the hour.
    static let delay = 300
    /// Hours sealed in one write: a thousand devices turn their hours together.
    private static let hoursPerWrite = 200

    /// Seals those of `hours` that closed by `now`; answers the ones still open.
    static func seal(_ hours: Set<DeviceHour>, now: Int, on database: any Database, writePath: WritePath) async throws -> Set<DeviceHour> {
        let closed = hours.filter { $0.hour + 3600 + delay <= now }
        let byID = Dictionary(uniqueKeysWithValues: try await DeviceFacts.load(Set(closed.map(\.device)), on: database).map { ($0.id, $0) })
        // The seals already stored for these hours, in one query rather than one per hour.
        let sealed = try await ReadingsHour.query(on: database).filter(\.$device.$id ~~ Set(closed.map(\.device))).filter(\.$hour ~~ Set(closed.map(\.hour))).all()
        let storedSeals = Dictionary(sealed.map { (DeviceHour(device: $0.$device.id, hour: $0.hour), $0) }, uniquingKeysWith: { first, _ in first })
        let readings = try await ReadingStore.received(in: closed.filter { byID[$0.device] != nil }, on: database)
        var changed: [(DeviceHour, ReadingsDigest, ReadingsHour?)] = []
        for hour in closed.sorted(by: { ($0.hour, $0.device) < ($1.hour, $1.device) }) where byID[hour.device] != nil {
            let digest = ReadingsDigest(readings[hour] ?? [])
            if storedSeals[hour]?.digest != digest { changed.append((hour, digest, storedSeals[hour])) }
        }
        for chunk in changed.chunked(into: hoursPerWrite) {
            try await writePath.perform(on: database, by: .system) { writes in
                for (hour, digest, stored) in chunk { try await record(hour, digest, replacing: stored, device: byID[hour.device]!, writes: writes) }
            }
        }
        return hours.subtracting(closed)
    }

    /// The digest of `hour` as the `readings` table holds it now.
    static func digest(of hour: DeviceHour, on database: any Database) async throws -> ReadingsDigest {
        ReadingsDigest(try await ReadingStore.received(of: hour.device, in: hour.hour..<(hour.hour + 3600), on: database))
    }

    /// The sealed hour `id` as the tables hold it now: recomputed from its readings, or from
    /// its seal once retention has deleted them.
    static func current(_ id: UUID, on database: any Database) async throws -> ReadingsHourRecord? {
        guard let row = try await ReadingsHour.find(id, on: database) else { return nil }
        let hour = DeviceHour(device: row.$device.id, hour: row.hour)
        let pruned = row.hour < (try await ReadingsRetention.prunedBefore(on: database))
        return ReadingsHourRecord(device: hour.device, hour: hour.hour, digest: pruned ? row.digest : try await digest(of: hour, on: database))
    }

    private static func record(_ hour: DeviceHour, _ digest: ReadingsDigest, replacing stored: ReadingsHour?, device: DeviceFacts, writes: Writes) async throws {
        let row = stored ?? ReadingsHour()
        if stored == nil {
            row.id = UUID()
            row.$device.id = hour.device
            row.hour = hour.hour
        }
        row.readings = digest.readings
        row.sha256 = digest.sha256
        try await row.save(on: writes.database)
        let when = Date(unix: hour.hour).shanghaiMinute
        writes.record(Change(
            kind: stored == nil ? "readings.sealed" : "readings.resealed", subjectType: "readings-hour", subjectID: row.id!,
            subjectLabel: "\(device.mn) \(when)",
            summary: "\(device.name)：\(when) 起一小时的 \(digest.readings) 条数据" + (stored == nil ? "已封存" : "因补传数据重新封存（原 \(stored!.readings) 条）"),
            // A first seal belongs at the hour's end; a reseal when the late readings came.
            occurredAt: stored == nil ? Date(unix: hour.hour + 3600) : nil,
            record: ReadingsHourRecord(device: hour.device, hour: hour.hour, digest: digest)
        ))
    }
}
