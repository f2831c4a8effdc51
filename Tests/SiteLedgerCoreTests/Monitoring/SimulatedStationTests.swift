import SiteLedgerCore
import Testing

@Suite("Simulated stations: plausible series, valid HJ 212, labelled misbehaviour")
struct SimulatedStationTests {
    /// 2026-11-21 00:00 Beijing time.
    static let midnight = 1_795_190_400
    static let day = Array(stride(from: midnight, to: midnight + 86_400, by: 60))

    /// What the station sends, read back as the gateway reads it.
    static func readings(_ station: SimulatedStation, at times: [Int] = day) throws -> [Reading] {
        try times.compactMap { time in
            guard let packet = station.packet(at: time, password: "123456") else { return nil }
            return try Reading(HJ212.Packet(parsing: HJ212.Frame(bytes: packet.frame.bytes)))
        }
    }

    @Test func anHonestStationSendsAPlausibleDayThatAsksForAnswers() throws {
        let station = SimulatedStation(deviceID: "SL2026320105470100000101")
        let packet = try #require(station.packet(at: Self.midnight, password: "123456"))
        #expect(packet.flag?.needsAnswer == true && packet.flag?.version == .v2017)
        #expect(packet.command == .realTimeData && packet.systemCode == "39")
        let day = try Self.readings(station)
        #expect(day.count == 1_440)
        #expect(Set(day.flatMap { $0.values.map(\.key) }) == Set(Factor.stationFactors))
        for reading in day {
            let values = reading.values
            #expect((5...400).contains(values[.pm10]!))
            #expect(values[.pm25]! < values[.pm10]! && values[.pm10]! < values[.tsp]!)
            #expect((35...90).contains(values[.noise]!))
            #expect((0...100).contains(values[.humidity]!) && (0..<360).contains(values[.windDirection]!))
        }
        func meanNoise(_ hours: Range<Int>) -> Double {
            let values = day.filter { hours.contains(($0.time - Self.midnight) / 3600) }.map { $0.values[.noise]! }
            return values.reduce(0, +) / Double(values.count)
        }
        let (work, night) = (meanNoise(9..<17), meanNoise(0..<5))
        #expect(work > night + 5, "work hours are louder than the night")
        let distinct = Set(day.map { $0.values[.pm10]! })
        #expect(distinct.count > 500, "real air does not stand still")
    }

    @Test func theSameStationGivesTheSameSeriesNeighboursShareTheirWeather() throws {
        let a = SimulatedStation(deviceID: "SIMA00000000000000000001", area: 7)
        #expect(try Self.readings(a) == Self.readings(SimulatedStation(deviceID: "SIMA00000000000000000001", area: 7)))
        let neighbour = try Self.readings(SimulatedStation(deviceID: "SIMA00000000000000000002", area: 7)).map { $0.values[.pm10]! }
        let farAway = try Self.readings(SimulatedStation(deviceID: "SIMA00000000000000000003", area: 900)).map { $0.values[.pm10]! }
        let mine = try Self.readings(a).map { $0.values[.pm10]! }
        func distance(_ other: [Double]) -> Double { zip(mine, other).map { abs($0 - $1) }.reduce(0, +) }
        #expect(distance(neighbour) < distance(farAway))
    }

    @Test func eachMisbehaviourShowsInWhatIsSent() throws {
        let honest = SimulatedStation(deviceID: "SIMB00000000000000000001")
        let flat = try Self.readings(SimulatedStation(deviceID: "SIMB00000000000000000002", behaviour: .flatLine(38)))
        #expect(flat.allSatisfy { $0.values[.pm10] == 38 && $0.values[.pm25] == 38 })
        #expect(Set(flat.map { $0.values[.noise]! }).count > 100, "only the particulates are stuck")

        let zeroed = try Self.readings(SimulatedStation(deviceID: "SIMB00000000000000000003", behaviour: .zeroed))
        #expect(zeroed.allSatisfy { $0.values[.pm10] == 0 && $0.values[.tsp] == 0 })

        let replayed = try Self.readings(SimulatedStation(deviceID: "SIMB00000000000000000004", behaviour: .replay(of: honest.deviceID)))
        #expect(replayed.map(\.values) == (try Self.readings(honest)).map(\.values))
        #expect(replayed.allSatisfy { $0.deviceID == "SIMB00000000000000000004" })

        let impossible = try Self.readings(SimulatedStation(deviceID: "SIMB00000000000000000005", behaviour: .impossibleValues))
        #expect(impossible.contains { $0.values[.pm10] == 9_999 && $0.values[.humidity] == 130 })

        let travelling = try Self.readings(SimulatedStation(deviceID: "SIMB00000000000000000006", behaviour: .timeTravel))
        #expect(zip(travelling, Self.day).contains { $0.time == $1 + 3 * 3600 } && zip(travelling, Self.day).contains { $0.time == $1 })

        let week = Array(stride(from: Self.midnight, to: Self.midnight + 7 * 86_400, by: 60))
        let dusty = try Self.readings(SimulatedStation(deviceID: "SIMB00000000000000000008", behaviour: .dusty), at: week)
        for hour in Dictionary(grouping: dusty, by: { $0.time / 3600 }).values {
            // The national defaults' hourly alarm level (Wuhan practice), in every hour of a week.
            #expect(hour.map { $0.values[.pm10]! }.reduce(0, +) / Double(hour.count) > 200)
        }
        #expect(dusty.allSatisfy { $0.values[.pm25]! < $0.values[.pm10]! && $0.values[.pm10]! < $0.values[.tsp]! && Factor.pm10.isPossible($0.values[.pm10]!) })
        #expect(Set(dusty.map { $0.values[.pm10]! }).count > 500, "dusty, not stuck")

        let faulty = SimulatedStation(deviceID: "SIMB00000000000000000007", behaviour: .faulty)
        let sent = try Self.readings(faulty, at: week)
        #expect(sent.count < week.count && sent.count > week.count / 2, "offline for some hours, not all")
        #expect(sent.contains { $0.flags[.pm10] == "D" }, "reports faults now and then")
    }

    @Test func theClosedLoopsFramesAreTheBytesOfThePackets() throws {
        let behaviours: [StationBehaviour] = [.honest, .faulty, .flatLine(38), .impossibleValues, .timeTravel, .replay(of: "SIMB00000000000000000001"), .zeroed, .dusty]
        let week = Array(stride(from: Self.midnight, to: Self.midnight + 7 * 86_400, by: 137))
        for (index, behaviour) in behaviours.enumerated() {
            let station = SimulatedStation(deviceID: "SIMD0000000000000000000\(index)", behaviour: behaviour)
            for time in week {
                let packet = station.packet(at: time, password: "123456")
                let upload = station.frame(at: time, password: "123456")
                #expect(upload?.frame.bytes == packet?.frame.bytes, "\(behaviour) at \(time)")
                #expect(upload?.requestID == packet?.requestID)
            }
        }
    }

    @Test func aFleetLabelsOneStationInTenAndEachPatternInTurn() {
        let mns = (0..<60).map { "SIMC" + String(repeating: "0", count: 18) + ($0 < 10 ? "0\($0)" : "\($0)") }
        let fleet = SimulatedFleet.stations(mns, misbehaving: true)
        #expect(fleet.filter { $0.behaviour != .honest }.map(\.deviceID) == [9, 19, 29, 39, 49, 59].map { mns[$0] })
        #expect(fleet[49].behaviour == .replay(of: mns[48]))
        #expect(Set(fleet.map(\.area)) == Set(0..<6))
        #expect(SimulatedFleet.stations(mns, misbehaving: false).allSatisfy { $0.behaviour == .honest })
        let seventy = (0..<70).map { "SIMC" + String(repeating: "0", count: 18) + ($0 < 10 ? "0\($0)" : "\($0)") }
        #expect(SimulatedFleet.stations(seventy, misbehaving: true)[69].behaviour == .dusty, "the seventh pattern")
    }

    @Test func theDemoFleetOpensOnADustySiteAndAStuckOne() {
        let mns = (1...4).map { "SIMC00000000000000000000\($0)" }
        #expect(SimulatedFleet.demo(mns).map(\.behaviour) == [.honest, .dusty, .honest, .flatLine(38)])
    }

    @Test func aControlPointPublishesTheAirItsAreasStationsBreatheWithoutTheirWork() throws {
        let point = SimulatedControlPoint(ControlStation(code: "DEMO320106", name: "鼓楼区国控点（演示）", county: "320106", latitude: 32.09, longitude: 118.76))
        let hours = (0..<24).map { point.reading(forHourStartingAt: Self.midnight + $0 * 3600) }
        #expect(hours.map(\.hour) == (0..<24).map { Self.midnight + $0 * 3600 } && hours.allSatisfy { $0.station == "DEMO320106" })
        for hour in hours {
            let (pm10, pm25) = (try #require(hour.pm10), try #require(hour.pm25))
            #expect(abs(pm25 - pm10 * 0.62) <= 0.1 && (pm10 * 10).rounded() == pm10 * 10, "published to a tenth, PM2.5 at the stations' ratio")
        }
        func stationMean(_ station: SimulatedStation, _ hours: Range<Int>) throws -> Double {
            let values = try Self.readings(station).filter { hours.contains(($0.time - Self.midnight) / 3600) }.map { $0.values[.pm10]! }
            return values.reduce(0, +) / Double(values.count)
        }
        func pointMean(_ range: Range<Int>) -> Double { range.map { hours[$0].pm10! }.reduce(0, +) / Double(range.count) }
        let honest = SimulatedStation(deviceID: "SL2026320105470100000101")
        let night = try stationMean(honest, 0..<5)
        #expect(abs(night - pointMean(0..<5)) < 0.1 * night, "at night a site breathes the county's air")
        #expect(try stationMean(honest, 9..<17) > pointMean(9..<17) + 5, "its work raises its dust by day")
        let dusty = SimulatedStation(deviceID: "SL2026320105470100000201", behaviour: .dusty)
        #expect(try stationMean(dusty, 0..<24) - pointMean(0..<24) > 150, "a site without dust control stands far above its county")
        let elsewhere = SimulatedControlPoint(point.station, area: 1)
        #expect(elsewhere.reading(forHourStartingAt: Self.midnight).pm10 != hours[0].pm10, "another area has its own weather")
    }
}
