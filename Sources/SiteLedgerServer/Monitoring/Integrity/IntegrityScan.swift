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
        let devices = try await Device.query(on: db).filter(\.$active == true).filter(\.$kind == .dustNoise).with(\.$project).all()
        let byCounty = Dictionary(grouping: devices) { String($0.project.regionCode.prefix(6)) }
        for (county, stations) in byCounty {
            let mns = Dictionary(uniqueKeysWithValues: try stations.map { (try $0.requireID(), $0.mn) })
            // Later DataTimes too: a clock running ahead stamps the future.
            let received = try await ReadingStore.received(of: Array(mns.keys), mns: mns, in: (now - lookBack)..<(now + 86_400), on: db)
            let observed = received.values.joined().map { ObservedReading($0.reading, receivedAt: $0.receivedAt) }
                .sorted { ($0.receivedAt, $0.deviceID) < ($1.receivedAt, $1.deviceID) }
            let control = try await ControlPointStore.countyPM10(county, hours: (now - lookBack)..<now, on: db).map { hour, pm10 in
                ObservedReading(deviceID: "国控点 \(county)", dataTime: hour, receivedAt: hour, values: [.pm10: pm10])
            }
            let findings = FlatLineDetector.findings(in: observed) + ImpossibleValueDetector.findings(in: observed) + JumpDetector.findings(in: observed)
                + TimeTravelDetector.findings(in: observed) + ReplayDetector.findings(in: observed)
                + ZeroedDetector.findings(in: observed, controlPoints: control.sorted { $0.dataTime < $1.dataTime })
            let byMN = Dictionary(stations.map { ($0.mn, $0) }, uniquingKeysWith: { first, _ in first })
            for finding in findings {
                guard let device = byMN[finding.deviceID] else { continue }
                try await keep(finding, of: device, now: now, on: db, writePath: writePath)
            }
        }
    }

    /// Stores `finding`, or lengthens the stored one of the same device, kind and factor that
    /// it overlaps.
    private static func keep(_ finding: IntegrityFinding, of device: Device, now: Int, on db: any Database, writePath: WritePath) async throws {
        let stored = try await Finding.query(on: db).filter(\.$device.$id == device.requireID()).filter(\.$kind == finding.kind)
            .filter(\.$factor == finding.factor).filter(\.$to >= Date(unix: finding.from)).filter(\.$from <= Date(unix: finding.to)).first()
        if let stored, Int(stored.to.timeIntervalSince1970) >= finding.to, Int(stored.from.timeIntervalSince1970) <= finding.from { return }
        try await writePath.perform(on: db, by: .system) { writes in
            let row = stored ?? Finding()
            if stored == nil {
                row.id = UUID()
                row.$project.id = device.$project.id
                row.$device.id = try device.requireID()
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
}
