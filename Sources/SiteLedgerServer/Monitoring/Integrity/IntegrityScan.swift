import Fluent
import Foundation
import SiteLedgerCore

/// Runs the integrity detectors over the recent readings of every active station, county by
/// county (a county's stations are each other's neighbours), and keeps what they find: a new
/// episode as a new finding, one that goes on as the same finding, longer.
enum IntegrityScan {
    /// How far back each scan looks: long enough for a flat line of an hour and more.
    static let lookBack = 6 * 3600

    static func run(now: Int, on db: any Database, writePath: WritePath) async throws {
        let stations = try await DeviceFacts.active(.dustNoise, on: db)
        var found: [(finding: IntegrityFinding, device: DeviceFacts)] = []
        for (county, stations) in Dictionary(grouping: stations, by: { String($0.regionCode.prefix(6)) }) {
            let byID = Dictionary(uniqueKeysWithValues: stations.map { ($0.device.id, $0.device) })
            // Later DataTimes too: a clock running ahead stamps the future.
            let received = try await ReadingStore.received(of: Array(byID.keys), mns: byID.mapValues(\.mn), in: (now - lookBack)..<(now + 86_400), on: db)
            let observed = received.values.joined().map { ObservedReading($0.reading, receivedAt: $0.receivedAt) }
                .sorted { ($0.receivedAt, $0.deviceID) < ($1.receivedAt, $1.deviceID) }
            let control = try await ControlPointStore.countyPM10(county, hours: (now - lookBack)..<now, on: db).map { hour, pm10 in
                ObservedReading(deviceID: "国控点 \(county)", dataTime: hour, receivedAt: hour, values: [.pm10: pm10])
            }
            let findings = FlatLineDetector.findings(in: observed) + ImpossibleValueDetector.findings(in: observed) + JumpDetector.findings(in: observed)
                + TimeTravelDetector.findings(in: observed) + ReplayDetector.findings(in: observed)
                + ZeroedDetector.findings(in: observed, controlPoints: control.sorted { $0.dataTime < $1.dataTime })
            let byMN = Dictionary(stations.map { ($0.device.mn, $0.device) }, uniquingKeysWith: { first, _ in first })
            found += findings.compactMap { finding in byMN[finding.deviceID].map { (finding, $0) } }
        }
        try await keep(found, now: now, on: db, writePath: writePath)
    }

    /// Findings written in one write: when a fleet's clocks all go wrong at once, a thousand
    /// findings take a handful of the writer's turns, not a thousand, each waiting behind ingest.
    private static let findingsPerWrite = 200

    /// Stores each finding, or lengthens the stored one of the same device, kind and factor
    /// that it overlaps; one that a stored finding already covers changes nothing.
    private static func keep(_ found: [(finding: IntegrityFinding, device: DeviceFacts)], now: Int, on db: any Database, writePath: WritePath) async throws {
        guard let earliest = found.map(\.finding.from).min(), let latest = found.map(\.finding.to).max() else { return }
        var stored: [UUID: [Finding]] = [:]
        for devices in Array(Set(found.map(\.device.id))).chunked(into: 500) {
            for row in try await Finding.query(on: db).filter(\.$device.$id ~~ devices).filter(\.$to >= Date(unix: earliest)).filter(\.$from <= Date(unix: latest)).all() {
                stored[row.$device.id, default: []].append(row)
            }
        }
        let changes = found.compactMap { finding, device -> (IntegrityFinding, DeviceFacts, Finding?)? in
            let overlapping = stored[device.id]?.first { row in
                row.kind == finding.kind && row.factor == finding.factor && row.to >= Date(unix: finding.from) && row.from <= Date(unix: finding.to)
            }
            if let overlapping, Int(overlapping.to.timeIntervalSince1970) >= finding.to, Int(overlapping.from.timeIntervalSince1970) <= finding.from { return nil }
            return (finding, device, overlapping)
        }
        for chunk in changes.chunked(into: findingsPerWrite) {
            try await writePath.perform(on: db, by: .system) { writes in
                for (finding, device, stored) in chunk { try await keep(finding, of: device, stored: stored, now: now, writes: writes) }
            }
        }
    }

    private static func keep(_ finding: IntegrityFinding, of device: DeviceFacts, stored: Finding?, now: Int, writes: Writes) async throws {
        let row = stored ?? Finding()
        if stored == nil {
            row.id = UUID()
            row.$project.id = device.project
            row.$device.id = device.id
            row.deviceMN = device.mn
            row.kind = finding.kind
            row.factor = finding.factor
            row.detectedAt = Date(unix: now)
            row.from = Date(unix: finding.from)
        }
        row.from = min(row.from, Date(unix: finding.from))
        row.to = Date(unix: max(finding.to, Int(stored?.to.timeIntervalSince1970 ?? 0)))
        row.otherDeviceMN = finding.otherDeviceID
        row.evidence = finding.evidence
        row.explanation = finding.explanationZH
        try await row.save(on: writes.database)
        writes.record(Change(
            kind: stored == nil ? "finding.detected" : "finding.extended", subjectType: "finding", subjectID: row.id!,
            subjectLabel: "\(device.mn) \(finding.kind.rawValue)", summary: "\(device.name)：\(finding.kind.nameZH)。\(finding.explanationZH)",
            record: FindingDTO(row)
        ))
    }
}
