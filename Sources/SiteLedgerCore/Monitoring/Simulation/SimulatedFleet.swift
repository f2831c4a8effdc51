/// The stations a simulation plays, one per MN.
public enum SimulatedFleet {
    /// Ten stations in a row share an area (their weather). With `misbehaving`, the last of each
    /// `every` has a fault, a fraud pattern or uncontrolled dust, each of `rotation` in turn: a
    /// replaying station sends its neighbour's series.
    public static func stations(_ mns: [String], misbehaving: Bool, every: Int = 10, rotation: [StationBehaviour] = Self.rotation) -> [SimulatedStation] {
        mns.enumerated().map { index, mn in
            var behaviour = misbehaving && index % every == every - 1 ? rotation[(index / every) % rotation.count] : .honest
            if case .replay = behaviour { behaviour = .replay(of: mns[index - 1]) }
            return SimulatedStation(deviceID: mn, behaviour: behaviour, area: UInt64(index / 10))
        }
    }

    /// Every misbehaviour the simulator knows; a `.replay` takes its source from the fleet.
    public static let rotation: [StationBehaviour] = [.faulty, .flatLine(38), .impossibleValues, .timeTravel, .replay(of: ""), .zeroed, .dusty]

    /// `serve --demo`'s few stations: every other one misbehaves, a dusty site first and a stuck
    /// one next, so that the console opens on an alarm and a finding whatever the weather.
    public static func demo(_ mns: [String]) -> [SimulatedStation] {
        stations(mns, misbehaving: true, every: 2, rotation: [.dusty, .flatLine(38), .faulty, .zeroed, .impossibleValues, .timeTravel, .replay(of: "")])
    }
}
