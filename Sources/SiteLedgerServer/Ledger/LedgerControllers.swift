import Vapor
import Fluent
import SiteLedgerCore

/// C2SP tlog-tiles: the checkpoint and the tiles, public and cacheable, for any client.
enum TileServer {
    @Sendable static func checkpoint(_ req: Request) async throws -> Response {
        guard let checkpoint = try await req.siteLedger.ledger.log.checkpoint() else {
            throw APIError.notFound("checkpoint", zh: "检查点")
        }
        return text(checkpoint.note, cache: "public, max-age=1")
    }

    @Sendable static func tile(_ req: Request) async throws -> Response {
        let path = "tile/" + req.parameters.getCatchall().joined(separator: "/")
        let tile: Tile
        do {
            tile = try Tile(path: path)
        } catch {
            throw APIError.malformed("\(path): \(error)", zh: "瓦片路径无效：\(error)", field: "path")
        }
        guard let data = try await req.siteLedger.ledger.log.contents(of: tile) else {
            throw APIError.notFound(path, zh: "瓦片 \(path) ")
        }
        var headers = HTTPHeaders([("Content-Type", "application/octet-stream")])
        headers.replaceOrAdd(name: .cacheControl, value: tile.isFull ? "public, max-age=31536000, immutable" : "public, max-age=1")
        return Response(status: .ok, headers: headers, body: .init(data: data))
    }

    static func text(_ body: String, cache: String? = nil, attachment: String? = nil) -> Response {
        var headers = HTTPHeaders([("Content-Type", "text/plain; charset=utf-8")])
        if let cache { headers.replaceOrAdd(name: .cacheControl, value: cache) }
        if let attachment { headers.replaceOrAdd(name: .contentDisposition, value: #"attachment; filename="\#(attachment)""#) }
        return Response(status: .ok, headers: headers, body: .init(string: body))
    }
}

/// `/api/v1/ledger`: entries with their records, receipts, consistency proofs and the key.
enum LedgerController {
    @Sendable static func key(_ req: Request) async throws -> Response {
        TileServer.text(req.siteLedger.ledger.log.verifier.verifierKey + "\n")
    }

    @Sendable static func entry(_ req: Request) async throws -> LedgerEntryDTO {
        let index = try Self.index(req)
        guard let found = try await req.siteLedger.ledger.entry(at: index, for: req.authentication?.caller.principal, on: req.db) else {
            throw APIError.notFound("entry \(index)", zh: "存证条目 \(index) ")
        }
        return found
    }

    @Sendable static func receipt(_ req: Request) async throws -> Response {
        let index = try Self.index(req)
        let ledger = req.siteLedger.ledger
        guard try await ledger.store.entry(at: index) != nil else { throw APIError.notFound("entry \(index)", zh: "存证条目 \(index) ") }
        guard let receipt = try await ledger.log.receipt(for: index, wait: ledger.receiptWait) else {
            throw APIError(.serviceUnavailable, code: "not_yet_integrated", en: "entry \(index) is not in a signed checkpoint yet; retry shortly", zh: "该条目尚未纳入已签名的检查点，请稍后重试")
        }
        return TileServer.text(receipt.text, attachment: "siteledger-\(index).tlog-proof")
    }

    @Sendable static func consistency(_ req: Request) async throws -> ConsistencyDTO {
        let from = try Self.size(req, "from")
        let to = try Self.size(req, "to")
        guard from <= to else { throw APIError.invalid("from", en: "must not exceed to", zh: "from 不得大于 to") }
        let size = try await req.siteLedger.ledger.log.checkpoint()?.size ?? 0
        guard to <= size else { throw APIError.notFound("size \(to) (the log has \(size) entries)", zh: "规模 \(to)（日志现有 \(size) 条）") }
        let proof = try await req.siteLedger.ledger.log.consistency(from: from, to: to)
        return ConsistencyDTO(from: from, to: to, proof: proof.map(\.base64))
    }

    @Sendable static func search(_ req: Request) async throws -> [LedgerEntrySummaryDTO] {
        guard let subject = try req.query.get(String?.self, at: "subject")?.trimmingCharacters(in: .whitespaces), !subject.isEmpty else {
            throw APIError.missing("subject")
        }
        let text = try Validate.text(subject, "subject", max: 100)
        return try await req.siteLedger.ledger.entries(about: text, for: req.requireCaller().principal, on: req.db)
    }

    private static func index(_ req: Request) throws -> UInt64 {
        guard let text = req.parameters.get("index"), let index = Self.decimal(text) else {
            throw APIError.invalid("index", en: "must be a non-negative decimal integer", zh: "须为非负十进制整数")
        }
        return index
    }

    private static func size(_ req: Request, _ name: String) throws -> UInt64 {
        guard let text = try? req.query.get(String?.self, at: name) else { throw APIError.missing(name) }
        guard let size = Self.decimal(text) else { throw APIError.invalid(name, en: "must be a non-negative decimal integer", zh: "须为非负十进制整数") }
        return size
    }

    /// Digits only, below 2^63 so that every database can hold it.
    private static func decimal(_ text: String) -> UInt64? {
        guard !text.isEmpty, text.count <= 19, text.allSatisfy(\.isASCII), text.allSatisfy(\.isNumber), let value = UInt64(text), value < UInt64(Int64.max) else { return nil }
        return value
    }
}
