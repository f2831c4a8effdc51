import ArgumentParser
import Foundation
import NIOPosix
import SiteLedgerCore
import SiteLedgerServer

/// Dust and noise stations over real TCP against an HJ 212 gateway.
struct Simulate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Play dust and noise stations against an HJ 212 gateway over TCP.",
        discussion: "With --interval 0 each station sends its next upload as soon as the last is answered (the benchmark's closed loop)."
    )

    @Option(help: "Stations to play.")
    var devices = 10

    @Option(help: "Seconds between a station's uploads; 0 for closed loop.")
    var interval = 60.0

    @Option(help: "Seconds of station time per upload in closed loop (DataTime's step).")
    var step = 60

    @Option(help: "The gateway, HOST:PORT.")
    var target = "127.0.0.1:9212"

    @Option(help: "A file of MNs, one per line; stations SIM000… when absent.")
    var mnFile: String?

    @Option(help: "The stations' HJ 212 access password.")
    var password = "123456"

    @Option(help: "Stop after this many seconds; run until interrupted when absent.")
    var seconds: Double?

    @Flag(help: "One station in ten has a fault or a fraud pattern (see SimulatedFleet).")
    var misbehaving = false

    func validate() throws {
        guard devices > 0, interval >= 0, step > 0 else { throw ValidationError("--devices and --step must be positive and --interval not negative") }
        guard target.split(separator: ":").count == 2, Int(target.split(separator: ":")[1]) != nil else { throw ValidationError("--target must be HOST:PORT") }
    }

    func run() async throws {
        let mns = try stationIDs()
        var options = DeviceSimulator.Options()
        let parts = target.split(separator: ":")
        (options.host, options.port, options.password, options.step) = (String(parts[0]), Int(parts[1])!, password, step)
        options.interval = interval > 0 ? .milliseconds(Int64(interval * 1000)) : nil
        let report = try await SiteLedgerRuntime.simulate(
            SimulatedFleet.stations(mns, misbehaving: misbehaving), options: options, seconds: seconds
        ) { print($0) }
        print(report)
    }

    private func stationIDs() throws -> [String] {
        guard let mnFile else { return (0..<devices).map { String(format: "SIM%021d", $0) } }
        let listed = try String(contentsOfFile: mnFile, encoding: .utf8).split(whereSeparator: \.isNewline).map(String.init)
        guard listed.count >= devices else { throw ValidationError("\(mnFile) lists \(listed.count) MNs, fewer than --devices \(devices)") }
        return Array(listed.prefix(devices))
    }
}
