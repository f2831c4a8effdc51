/// The stations a simulation plays, one per MN.
public enum SimulatedFleet {
    /// Ten stations in a row share an area (their weather). With `misbehaving`, the last of each
    /// `every` has a fault or a fraud pattern, each pattern in turn: a replaying station sends
    /// its neighbour's series.
    public static func stations(_ mns: [String], misbehaving: Bool, every: Int = 10) -> [SimulatedStation] {
        mns.enumerated().map { index, mn in
            let behaviour = misbehaving && index % every == every - 1 ? Self.pattern(index / every, neighbour: mns[index - 1]) : .honest
            return SimulatedStation(deviceID: mn, behaviour: behaviour, area: UInt64(index / 10))
        }
    }

    private static func pattern(_ turn: Int, neighbour: String) -> StationBehaviour {
        let patterns: [StationBehaviour] = [.faulty, .flatLine(38), .impossibleValues, .timeTravel, .replay(of: neighbour), .zeroed]
        return patterns[turn % patterns.count]
    }
}
