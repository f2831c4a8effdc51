import NIOPosix
import Foundation
import SiteLedgerCore

extension SiteLedgerRuntime {
    /// Plays `stations` for `seconds` (until the process ends when nil), reporting every five
    /// seconds through `progress`; answers the summary of the whole run.
    public static func simulate(
        _ stations: [SimulatedStation], options: DeviceSimulator.Options, seconds: Double?, progress: @Sendable (String) -> Void
    ) async throws -> String {
        let simulator = DeviceSimulator(stations: stations, options: options, group: MultiThreadedEventLoopGroup.singleton)
        let clock = ContinuousClock()
        let connecting = clock.now
        try await simulator.start()
        let began = clock.now
        progress("\(stations.count) stations connected to \(options.host):\(options.port) in \((began - connecting).inSeconds) s")
        var last = (at: began, answered: 0)
        let end = seconds.map { began + .milliseconds(Int64($0 * 1000)) }
        while end.map({ clock.now < $0 }) ?? true {
            try await Task.sleep(until: min(clock.now + .seconds(5), end ?? .now + .seconds(5)), clock: clock)
            let tally = simulator.snapshot, now = clock.now
            let rate = Double(tally.answered - last.answered) / (now - last.at).inSeconds
            progress("t=\(Int((now - began).inSeconds.rounded())) s  sent \(tally.sent)  answered \(tally.answered)  \(Int(rate)) answers/s  p50 \(tally.percentile(0.5)) ms  p99 \(tally.percentile(0.99)) ms")
            last = (now, tally.answered)
        }
        let elapsed = (clock.now - began).inSeconds
        let tally = await simulator.stop()
        return "answered \(tally.answered) of \(tally.sent) uploads from \(stations.count) stations in \(String(format: "%.1f", elapsed)) s: "
            + "\(Int(Double(tally.answered) / elapsed)) answers/s; answer latency p50 \(tally.percentile(0.5)) ms, p99 \(tally.percentile(0.99)) ms"
    }
}
