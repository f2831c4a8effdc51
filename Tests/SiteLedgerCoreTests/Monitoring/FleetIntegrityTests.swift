import SiteLedgerCore
import Testing

@Suite("Integrity detectors against a simulated fleet with labelled misbehaviour")
struct FleetIntegrityTests {
    /// 2026-11-21 06:00 Beijing time, for six hours: the night's end and the morning's work.
    static let start = RuleWindowTests.midnight + 6 * 3600
    static let minutes = Array(stride(from: start, to: start + 6 * 3600, by: 60))
    static let mns = (0..<70).map { "SIMI" + String(repeating: "0", count: 18) + ($0 < 10 ? "0\($0)" : "\($0)") }
    static let fleet = SimulatedFleet.stations(mns, misbehaving: true)

    /// What the fleet sends, minute by minute, as the gateway reads it and when it arrives.
    static let sent = Result { () throws(ReadingError) -> [ObservedReading] in
        var readings: [ObservedReading] = []
        for time in minutes {
            for station in fleet {
                guard let packet = station.packet(at: time, password: "123456") else { continue }
                readings.append(ObservedReading(try Reading(packet), receivedAt: time))
            }
        }
        return readings
    }

    static func labelled(_ matches: (StationBehaviour) -> Bool) -> Set<String> {
        Set(fleet.filter { matches($0.behaviour) }.map(\.deviceID))
    }

    static func devices(_ findings: [IntegrityFinding]) -> Set<String> {
        Set(findings.map(\.deviceID))
    }

    @Test func everyStationSendsAndTheLabelsAreWhereExpected() throws {
        let readings = try Self.sent.get()
        #expect(Set(readings.map(\.deviceID)).count == 70)
        #expect(Self.labelled { $0 == .dusty } == [Self.mns[69]], "every pattern is in the fleet, uncontrolled dust last")
        #expect(readings.contains { $0.deviceID == Self.mns[9] && $0.flags[.pm10] == "D" }, "the faulty station reports faults")
        #expect(Self.labelled { if case .replay = $0 { true } else { false } } == [Self.mns[49]])
    }

    @Test func flatLinesAreTheStuckStationOneFindingPerParticulate() throws {
        let findings = FlatLineDetector.findings(in: try Self.sent.get())
        #expect(Self.devices(findings) == Self.labelled { $0 == .flatLine(38) })
        #expect(findings.count == 3 && Set(findings.compactMap(\.factor)) == [.tsp, .pm10, .pm25], "one episode for each factor it sends")
        #expect(findings.allSatisfy { $0.evidence["value"] == "38.0" && $0.evidence["readings"] == "360" })
        #expect(findings.contains { $0.explanationZH == "PM10 连续 5 小时 59 分钟恒为 38.0 µg/m³（360 次读数），真实空气不会如此平稳" })
    }

    @Test func impossibleValuesAreTheStationThatSendsThem() throws {
        let findings = ImpossibleValueDetector.findings(in: try Self.sent.get())
        #expect(Self.devices(findings) == Self.labelled { $0 == .impossibleValues })
        #expect(Set(findings.compactMap(\.factor)) == [.pm10, .humidity])
        #expect(findings.contains { $0.factor == .pm10 && $0.evidence["worst"] == "9999.0" })
    }

    @Test func noStationOfTheFleetJumps() throws {
        // The 9999s are impossible values, not jumps; nothing else in the fleet moves that fast.
        #expect(JumpDetector.findings(in: try Self.sent.get()).isEmpty)
    }

    @Test func timeTravelIsTheStationWhoseClockJumpsAheadEveryOtherHour() throws {
        let findings = TimeTravelDetector.findings(in: try Self.sent.get())
        #expect(Self.devices(findings) == Self.labelled { $0 == .timeTravel })
        #expect(findings.count == 3, "06:00, 08:00 and 10:00 run three hours ahead")
        #expect(findings.allSatisfy { $0.evidence["maximumAheadSeconds"] == "10800" && $0.evidence["backwardSteps"] == "1" })
        #expect(findings.map(\.from) == [0, 2, 4].map { Self.start + $0 * 3600 }, "episodes in arrival time")
    }

    @Test func theReplayFindingNamesTheStationAndItsNeighbour() throws {
        let findings = ReplayDetector.findings(in: try Self.sent.get())
        try #require(findings.count == 1)
        #expect(Set([findings[0].deviceID, findings[0].otherDeviceID]) == [Self.mns[49], Self.mns[48]])
        #expect(findings[0].evidence["identicalTimes"] == "360" && findings[0].evidence["sharePercent"] == "100.0")
    }

    @Test func theZeroedStationIsFoundWithItsAreaNeighbours() throws {
        let readings = try Self.sent.get()
        for area in Set(Self.fleet.map(\.area)) {
            let members = Set(Self.fleet.filter { $0.area == area }.map(\.deviceID))
            let findings = ZeroedDetector.findings(in: readings.filter { members.contains($0.deviceID) })
            #expect(Self.devices(findings) == members.intersection(Self.labelled { $0 == .zeroed }))
            #expect(findings.allSatisfy { $0.evidence["neighbourStations"] == "9" && $0.evidence["readings"] == "360" })
        }
        #expect(Self.devices(ZeroedDetector.findings(in: readings)) == Self.labelled { $0 == .zeroed })
    }

    /// A dusty site is the alarms' business: its air is real, just too much of it.
    @Test func noDetectorPointsAtAnHonestFaultyOrDustyStation() throws {
        let readings = try Self.sent.get()
        let findings = FlatLineDetector.findings(in: readings) + ImpossibleValueDetector.findings(in: readings)
            + JumpDetector.findings(in: readings) + TimeTravelDetector.findings(in: readings)
            + ReplayDetector.findings(in: readings) + ZeroedDetector.findings(in: readings)
        let named = Self.devices(findings).union(findings.compactMap(\.otherDeviceID))
        let innocent = Self.labelled { [.honest, .faulty, .dusty].contains($0) }.subtracting([Self.mns[48]])
        #expect(named.isDisjoint(with: innocent))
        #expect(named == Self.labelled { ![.honest, .faulty, .dusty].contains($0) }.union([Self.mns[48]]), "the replayed neighbour is named as the other device")
    }
}
