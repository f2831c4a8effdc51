import Vapor
import NIOConcurrencyHelpers
import SQLKit

/// Request counters and latency in Prometheus text format, served at `/metrics`.
final class Metrics: Sendable {
    private struct State {
        var requests: [String: Int] = [:]
        var durationSum: Double = 0
        var durationCount = 0
        var writeTransactions = 0
        var writes = 0
        var devicePackets: [String: Int] = [:]
        var deviceConnections = 0
        var uploadsInFlight = 0
        var ingestCommits = 0
        var ingestReadings = 0
        var ingestCommitSeconds = 0.0
        var monitoringTicks = 0
        var monitoringTickSeconds = 0.0
    }

    private let state = NIOLockedValueBox(State())
    let startedAt = Date()

    func observe(method: String, status: UInt, seconds: Double) {
        state.withLockedValue {
            $0.requests["method=\"\(method)\",status=\"\(status)\"", default: 0] += 1
            $0.durationSum += seconds
            $0.durationCount += 1
        }
    }

    /// One transaction of the write path committed `writes` writes (a group, on SQLite).
    func observeCommit(writes: Int) {
        state.withLockedValue {
            $0.writeTransactions += 1
            $0.writes += writes
        }
    }

    /// What became of a packet or of bytes on an HJ 212 connection.
    func observeDevicePacket(_ outcome: String) {
        state.withLockedValue { $0.devicePackets[outcome, default: 0] += 1 }
    }

    /// An HJ 212 connection opened or closed.
    func observeDeviceConnection(opened: Bool) {
        state.withLockedValue { $0.deviceConnections += opened ? 1 : -1 }
    }

    /// An upload read from a device connection (+1) or answered or turned away (-1).
    func observeUploadInFlight(_ change: Int) {
        state.withLockedValue { $0.uploadsInFlight += change }
    }

    /// Uploads read and not yet answered: waiting for their device, or for the store.
    var uploadsInFlight: Int { state.withLockedValue { $0.uploadsInFlight } }

    /// Ingest committed a group of `readings` (re-sent ones included) in `seconds`, waiting for
    /// the writer's turn included.
    func observeIngestCommit(readings: Int, seconds: Double) {
        state.withLockedValue {
            $0.ingestCommits += 1
            $0.ingestReadings += readings
            $0.ingestCommitSeconds += seconds
        }
    }

    /// The monitoring worker finished a tick (the first is its catch-up) in `seconds`.
    func observeMonitoringTick(seconds: Double) {
        state.withLockedValue {
            $0.monitoringTicks += 1
            $0.monitoringTickSeconds = seconds
        }
    }

    func render(databaseUp: Bool) -> String {
        let snapshot = state.withLockedValue { $0 }
        var lines = [
            "# HELP siteledger_http_requests_total HTTP requests answered, by method and status.",
            "# TYPE siteledger_http_requests_total counter",
        ]
        lines += snapshot.requests.keys.sorted().map { "siteledger_http_requests_total{\($0)} \(snapshot.requests[$0]!)" }
        lines += [
            "# HELP siteledger_http_request_duration_seconds Time to answer HTTP requests.",
            "# TYPE siteledger_http_request_duration_seconds summary",
            "siteledger_http_request_duration_seconds_sum \(snapshot.durationSum)",
            "siteledger_http_request_duration_seconds_count \(snapshot.durationCount)",
            "# HELP siteledger_writes_total Writes committed through the write path.",
            "# TYPE siteledger_writes_total counter",
            "siteledger_writes_total \(snapshot.writes)",
            "# HELP siteledger_write_transactions_total Transactions that committed them; on SQLite one commits a group of writes.",
            "# TYPE siteledger_write_transactions_total counter",
            "siteledger_write_transactions_total \(snapshot.writeTransactions)",
            "# HELP siteledger_hj212_packets_total HJ 212 packets by outcome: accepted, or why they were turned away.",
            "# TYPE siteledger_hj212_packets_total counter",
        ]
        lines += snapshot.devicePackets.keys.sorted().map { "siteledger_hj212_packets_total{outcome=\"\($0)\"} \(snapshot.devicePackets[$0]!)" }
        lines += [
            "# HELP siteledger_hj212_connections HJ 212 device connections open now.",
            "# TYPE siteledger_hj212_connections gauge",
            "siteledger_hj212_connections \(snapshot.deviceConnections)",
            "# HELP siteledger_hj212_uploads_in_flight HJ 212 uploads read and not yet answered or turned away: waiting for their device's record or for the store.",
            "# TYPE siteledger_hj212_uploads_in_flight gauge",
            "siteledger_hj212_uploads_in_flight \(snapshot.uploadsInFlight)",
            "# HELP siteledger_ingest_commits_total Transactions ingest committed readings in, each for the uploads that queued while the one before it ran.",
            "# TYPE siteledger_ingest_commits_total counter",
            "siteledger_ingest_commits_total \(snapshot.ingestCommits)",
            "# HELP siteledger_ingest_readings_total Readings in those transactions, re-sent ones included.",
            "# TYPE siteledger_ingest_readings_total counter",
            "siteledger_ingest_readings_total \(snapshot.ingestReadings)",
            "# HELP siteledger_ingest_commit_seconds_total Time those transactions took, waiting for the writer's turn included.",
            "# TYPE siteledger_ingest_commit_seconds_total counter",
            "siteledger_ingest_commit_seconds_total \(snapshot.ingestCommitSeconds)",
            "# HELP siteledger_monitoring_ticks_total Monitoring worker ticks finished, its start-up catch-up first.",
            "# TYPE siteledger_monitoring_ticks_total counter",
            "siteledger_monitoring_ticks_total \(snapshot.monitoringTicks)",
            "# HELP siteledger_monitoring_tick_seconds How long the last tick took: rollups, alarms, seals, scans, retention.",
            "# TYPE siteledger_monitoring_tick_seconds gauge",
            "siteledger_monitoring_tick_seconds \(snapshot.monitoringTickSeconds)",
            "# HELP siteledger_database_up Whether the last database check succeeded.",
            "# TYPE siteledger_database_up gauge",
            "siteledger_database_up \(databaseUp ? 1 : 0)",
            "# HELP siteledger_uptime_seconds Seconds since the process started.",
            "# TYPE siteledger_uptime_seconds gauge",
            "siteledger_uptime_seconds \(Int(Date().timeIntervalSince(startedAt)))",
        ]
        return lines.joined(separator: "\n") + "\n"
    }
}

/// One log line per request with its id, status and duration; feeds `Metrics`.
struct RequestLogMiddleware: AsyncMiddleware {
    let metrics: Metrics

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next.respond(to: request)
        let elapsed = ContinuousClock.now - start
        let seconds = elapsed.inSeconds
        metrics.observe(method: request.method.rawValue, status: response.status.code, seconds: seconds)
        response.headers.replaceOrAdd(name: "X-Request-Id", value: request.id)
        request.logger.info("\(request.method.rawValue) \(request.url.path) \(response.status.code) \(String(format: "%.1f", seconds * 1000))ms")
        return response
    }
}

enum OperationsRoutes {
    static func register(_ app: Application, openAPI: ByteBuffer) {
        app.get("healthz") { req async -> Response in
            let up = await databaseUp(req)
            let body = "{\"status\":\"\(up ? "ok" : "unavailable")\",\"database\":\"\(up ? "ok" : "unreachable")\"}"
            return Response(status: up ? .ok : .serviceUnavailable, headers: ["Content-Type": "application/json"], body: .init(string: body))
        }
        app.get("metrics") { req async -> Response in
            let text = req.siteLedger.metrics.render(databaseUp: await databaseUp(req))
            return Response(status: .ok, headers: ["Content-Type": "text/plain; version=0.0.4"], body: .init(string: text))
        }
        app.get("api", "openapi.json") { _ in
            Response(status: .ok, headers: ["Content-Type": "application/json"], body: .init(buffer: openAPI))
        }
    }

    private static func databaseUp(_ req: Request) async -> Bool {
        guard let sql = req.db as? any SQLDatabase else { return false }
        return (try? await sql.raw("SELECT 1 AS up").first()) != nil
    }
}
