import Vapor
import Fluent

struct LedgerFeature: Feature {
    var migrations: [any Migration] {
        [CreateLedgerSequence(), CreateLedgerEntries(), CreateLedgerTiles(), CreateLedgerCheckpoints(), CreateLedgerSalts()]
    }

    func routes(api: any RoutesBuilder, unauthenticated: any RoutesBuilder, web: any RoutesBuilder) throws {
        web.get("ledger", "checkpoint", use: TileServer.checkpoint)
        web.get("ledger", "tile", "**", use: TileServer.tile)

        let ledger = unauthenticated.grouped("ledger")
        ledger.get("key", use: LedgerController.key)
        ledger.get("entries", ":index", use: LedgerController.entry)
        ledger.get("entries", ":index", "receipt", use: LedgerController.receipt)
        ledger.get("consistency", use: LedgerController.consistency)
        api.get("ledger", "entries", use: LedgerController.search)

        LedgerPages.routes(web)
    }
}

