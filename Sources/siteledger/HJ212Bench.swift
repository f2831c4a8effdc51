import ArgumentParser
import Foundation
import SiteLedgerCore

extension Bench {
    /// The HJ 212 reader alone, on one core: frames cut from a stream of 9-factor dust uploads
    /// (Flag=5) and read into packets.
    struct HJ212Bench: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "hj212", abstract: "HJ 212 framer and packet reader throughput on one core.")

        @Option(help: "Packets to frame and read, rounded to whole passes over the devices in each round.")
        var packets = 2_000_000

        @Option(help: "Distinct devices in the stream.")
        var devices = 1_000

        @Option(help: "Timed rounds the packets are divided into: on a shared machine the best round is the core's speed, the median how much of it the run got.")
        var rounds = 20

        func validate() throws {
            guard packets > 0, devices > 0, rounds > 0 else { throw ValidationError("counts must be positive") }
        }

        func run() throws {
            let stream = Self.stream(devices: devices)
            var framer = HJ212.Framer()
            var pm10 = 0.0, rates: [Double] = [], total: (packets: Int, seconds: Double) = (0, 0)
            let passes = max(1, packets / rounds / devices)
            for _ in 0 ..< rounds {
                var read = 0
                let seconds = ContinuousClock().measure {
                    for _ in 0 ..< passes {
                        framer.append(stream)
                        while case .frame(let frame)? = framer.next() {
                            guard let packet = try? HJ212.Packet(parsing: frame) else { continue }
                            pm10 += packet.value("a34002", "Rtd") ?? 0
                            read += 1
                        }
                    }
                }.inSeconds
                rates.append(Double(read) / seconds)
                total = (total.packets + read, total.seconds + seconds)
            }
            let sorted = rates.sorted()
            print("HJ 212 framer + reader, one core: \(total.packets) packets (\(stream.count / devices) bytes each) in \(String(format: "%.2f", total.seconds)) s = \(Int(Double(total.packets) / total.seconds)) packets/s (checksum \(Int(pm10)))")
            print("  \(rounds) rounds: best \(Int(sorted.last!)), median \(Int(sorted[sorted.count / 2])), worst \(Int(sorted.first!)) packets/s")
        }

        /// One upload per device, as a dust station sends them: 9 factors with their flags.
        static func stream(devices: Int) -> [UInt8] {
            let factors = ["a34001", "a34002", "a34004", "LA", "a01001", "a01002", "a01006", "a01007", "a01008"]
            return (0..<devices).flatMap { device -> [UInt8] in
                let values = factors.indices.map { String(format: "%.1f", Double((device * 7 + $0 * 13) % 900) / 10) }
                let packet = HJ212.Packet(
                    requestID: "20261121093000\(String(format: "%03d", device % 1000))", systemCode: "39", command: .realTimeData, password: "123456",
                    deviceID: String(format: "SL%022d", device), flag: HJ212.Flag(version: .v2017, needsAnswer: true),
                    dataTime: HJ212.Timestamp(year: 2026, month: 11, day: 21, hour: 9, minute: 30, second: 0),
                    fields: HJ212.Fields(zip(factors, values).flatMap { [HJ212.Field($0, "Rtd", $1), HJ212.Field($0, "Flag", "N")] })
                )
                return packet.frame.bytes
            }
        }
    }
}
