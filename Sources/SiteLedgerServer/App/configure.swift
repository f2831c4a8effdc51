import Vapor
import Fluent
import FluentSQLiteDriver
import FluentPostgresDriver
import Leaf
import JWT
import SQLKit
import SiteLedgerCore

/// The features of the platform, in migration order.
let features: [any Feature] = [WritePathFeature(), AccountsFeature(), RegistryFeature(), MonitoringFeature(), LedgerFeature(), WebFeature()]

/// Sets up a SiteLedger application: database, migrations, secrets, middleware, routes, and
/// the first admin account.
public func configure(_ app: Application, settings: Settings) async throws {
    try settings.validate()
    let dataDirectory = try DataDirectory(settings.dataDirectory)
    try configureDatabase(app, settings: settings, dataDirectory: dataDirectory)
    ContentConfiguration.global.use(encoder: RFC3339.encoder(), for: .json)
    ContentConfiguration.global.use(decoder: RFC3339.decoder(), for: .json)
    await app.jwt.keys.add(hmac: HMACKey(key: try dataDirectory.secret(named: "session.key", environment: "SITELEDGER_SESSION_KEY")), digestAlgorithm: .sha256)

    app.directory = DirectoryConfiguration(workingDirectory: settings.resourcesDirectory.path + "/")
    app.views.use(.leaf)
    app.leaf.cache.isEnabled = app.environment.isRelease
    app.http.server.configuration.hostname = settings.hostname
    app.http.server.configuration.port = settings.port
    app.routes.defaultMaxBodySize = "64kb"

    for feature in features { app.migrations.add(feature.migrations) }
    try await prepareDatabase(app, settings: settings)
    try await app.autoMigrate()

    let metrics = Metrics()
    let subjects = Dictionary(features.flatMap(\.ledgerSubjects).map { ($0.type, $0) }, uniquingKeysWith: { first, _ in first })
    let caches = ReadCaches(staledBy: subjects.mapValues(\.invalidates), lifetime: settings.readCacheLifetime)
    let bulkWriter = settings.databaseURL == nil ? SQLiteBulkWriter(path: dataDirectory.sqlitePath) : nil
    if let bulkWriter { app.lifecycle.use(SQLiteBulkWriterLifecycle(writer: bulkWriter)) }
    let writePath = WritePath(
        sqlite: settings.databaseURL == nil ? app.db : nil, bulkWriter: bulkWriter, ledger: settings.ledgerEnabled ? LedgerAppender() : nil,
        afterCommit: { writes in
            caches.invalidate(afterWritesChanging: writes)
            metrics.observeCommit(writes: writes.count)
        }
    )
    if !settings.ledgerEnabled { app.logger.warning("the evidence ledger is off (SITELEDGER_LEDGER=off): writes are not logged") }
    let ledger = try makeLedger(app, settings: settings, dataDirectory: dataDirectory, writePath: writePath, subjects: subjects)
    let monitoring = MonitoringWorker(database: app.db, writePath: writePath, logger: app.logger, escalation: settings.alarmEscalation, scanInterval: settings.integrityScanInterval,
        retentionDays: settings.readingsRetentionDays
    )
    app.siteLedger = SiteLedger(
        settings: settings,
        writePath: writePath,
        passwords: Passwords(cost: settings.bcryptCost, pool: app.threadPool),
        signIns: TurnGate(),
        regions: try await RegionDirectory.load(on: app.db),
        buildingCodes: SiteLedgerBuildingCodeFormat(),
        metrics: metrics,
        caches: caches,
        ledger: ledger,
        ingest: Ingest(database: app.db, writePath: writePath, metrics: metrics, stored: monitoring.noteStored),
        monitoring: monitoring
    )
    if settings.integrates {
        app.lifecycle.use(BackgroundTask(Task { await ledger.integrator.run(every: settings.checkpointInterval) }))
    }
    if let interval = settings.monitoringInterval {
        app.lifecycle.use(BackgroundTask(Task { await monitoring.run(every: interval, metrics: metrics) }))
    }
    app.middleware = Middlewares()
    app.middleware.use(RequestLogMiddleware(metrics: metrics))
    app.middleware.use(ErrorMiddleware(renderPage: WebPages.errorPage))
    app.middleware.use(Authentication())
    app.middleware.use(EvidenceMiddleware())
    try routes(app, settings: settings)

    try await AdminAccount.ensure(on: app, password: settings.adminPassword ?? (settings.seedDemoWorld ? DemoWorld.password : nil))
    if settings.seedDemoWorld {
        try await DemoWorld.seed(on: app)
    }
}

private func makeLedger(_ app: Application, settings: Settings, dataDirectory: DataDirectory, writePath: WritePath, subjects: [String: LedgerSubject]) throws -> Ledger {
    let signer = try LedgerSigningKey.load(origin: settings.ledgerOrigin, dataDirectory: dataDirectory)
    let store = LedgerStore(database: app.db, engine: settings.databaseURL == nil ? .sqlite(writePath) : .postgres)
    return Ledger(
        store: store, log: LedgerLog(store: store, verifier: signer.verifier),
        integrator: LedgerIntegrator(store: store, signer: signer, logger: app.logger),
        subjects: subjects,
        receiptWait: settings.receiptWait
    )
}

/// Writers on PostgreSQL run concurrently, each holding a connection until it commits.
let postgresConnectionsPerEventLoop = 4

private func configureDatabase(_ app: Application, settings: Settings, dataDirectory: DataDirectory) throws {
    let wait = TimeAmount.nanoseconds(Int64(settings.databaseWait / .nanoseconds(1)))
    if let url = settings.databaseURL {
        var configuration = try SQLPostgresConfiguration(url: url)
        if let schema = settings.databaseSchema { configuration.searchPath = [schema, "public"] }
        app.databases.use(.postgres(configuration: configuration, maxConnectionsPerEventLoop: postgresConnectionsPerEventLoop, connectionPoolTimeout: wait, sqlLogLevel: .trace), as: .psql)
    } else {
        // One connection per loop. SQLiteNIO's busy handler keeps a thread of the blocking pool
        // (one per core) spinning while its statement waits for the write lock; with more
        // connections than threads, writers outside the write path (sign-ins) could occupy
        // them all and stall the transaction that holds the lock.
        app.databases.use(.sqlite(.file(dataDirectory.sqlitePath), connectionPoolTimeout: wait, sqlLogLevel: .trace), as: .sqlite)
    }
}

/// Prepares the database before migrations: WAL for SQLite, the schema for PostgreSQL.
func prepareDatabase(_ app: Application, settings: Settings) async throws {
    guard let sql = app.db as? any SQLDatabase else { return }
    if settings.databaseURL == nil {
        try await sql.raw("PRAGMA journal_mode=WAL").run()
        // The pool keeps one connection per event loop: each gets the write path's session
        // settings once, so that a write outside a group commit (the monitoring worker's)
        // checkpoints no more often than ingest's bulk writer does.
        for eventLoop in app.eventLoopGroup.makeIterator() {
            guard let pooled = app.databases.database(logger: app.logger, on: eventLoop) as? any SQLDatabase else { continue }
            for pragma in WritePath.sqliteSession { try await pooled.raw(SQLQueryString(pragma)).run() }
        }
    } else if let schema = settings.databaseSchema {
        try await sql.raw("CREATE SCHEMA IF NOT EXISTS \(ident: schema)").run()
    }
}

private func routes(_ app: Application, settings: Settings) throws {
    let openAPI = try Data(contentsOf: settings.resourcesDirectory.appendingPathComponent(Settings.openAPIPath))
    OperationsRoutes.register(app, openAPI: ByteBuffer(data: openAPI))
    try StylesheetRoute.register(app)
    let api = app.grouped("api", "v1")
    let authenticated = api.grouped(RequireCaller())
    for feature in features {
        try feature.routes(api: authenticated, unauthenticated: api, web: app)
    }
}

struct WritePathFeature: Feature {
    var migrations: [any Migration] { [CreateChanges()] }
    func routes(api: any RoutesBuilder, unauthenticated: any RoutesBuilder, web: any RoutesBuilder) throws {}
}
