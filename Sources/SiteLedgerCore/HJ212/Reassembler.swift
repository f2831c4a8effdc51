extension HJ212 {
    /// Puts split uploads (分包, Flag D set, PNUM parts numbered by PNO from 1) back together:
    /// the parts share the device, QN and command, and each carries some of the fields. A
    /// part that waits longer than `timeout` seconds for its siblings is dropped.
    public struct Reassembler: Sendable {
        private struct Key: Hashable {
            let deviceID: String, requestID: String?, command: Command
        }

        private struct Pending {
            var parts: [Int: Packet]
            let count: Int
            let since: Int
        }

        private var pending: [Key: Pending] = [:]
        private let timeout: Int

        public init(timeout: Int = 120) {
            self.timeout = timeout
        }

        /// The whole packet once `packet` completes it; `packet` itself when it was not split;
        /// nil while parts are missing. `now` is seconds since the Unix epoch.
        public mutating func add(_ packet: Packet, now: Int) -> Packet? {
            pending = pending.filter { now - $0.value.since <= timeout }
            guard packet.flag?.isSplit == true, let count = packet.packetCount, count > 1, let number = packet.packetNumber, (1...count).contains(number)
            else { return packet }
            let key = Key(deviceID: packet.deviceID, requestID: packet.requestID, command: packet.command)
            var entry = pending[key] ?? Pending(parts: [:], count: count, since: now)
            entry.parts[number] = packet
            guard entry.parts.count == entry.count else {
                pending[key] = entry
                return nil
            }
            pending[key] = nil
            let parts = (1...entry.count).compactMap { entry.parts[$0] }
            var whole = parts[0]
            whole.flag = Flag(rawValue: parts[0].flag!.rawValue & ~2)
            (whole.packetCount, whole.packetNumber) = (nil, nil)
            whole.dataTime = parts.lazy.compactMap(\.dataTime).first
            whole.fields = Fields(parts.flatMap { Array($0.fields) })
            whole.parameters = parts.reduce(into: [:]) { $0.merge($1.parameters) { first, _ in first } }
            return whole
        }

        /// Parts still waiting for their siblings.
        public var waiting: Int { pending.values.reduce(0) { $0 + $1.parts.count } }
    }
}
