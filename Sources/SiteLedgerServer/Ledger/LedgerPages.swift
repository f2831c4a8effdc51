import Vapor
import Fluent
import SiteLedgerCore

/// 存证: the log's latest checkpoint and key, entries by index or subject, a record's
/// evidence with its receipt, and a form that checks a receipt offline. Open to everyone:
/// anyone may verify; records show only to those who may read them.
enum LedgerPages {
    static func routes(_ web: any RoutesBuilder) {
        web.get("ledger", use: overview)
        web.get("ledger", "entries", ":index", use: entry)
        web.get("ledger", "entries", ":index", "entry.json", use: entryFile)
        web.get("ledger", "entries", ":index", "record.json", use: recordFile)
        web.on(.POST, "ledger", "verify", body: .collect(maxSize: "512kb"), use: verify)
    }

    struct Overview: Encodable, Sendable {
        let size: UInt64?
        let checkpoint: String?
        let verifierKey: String
        let q: String
        let results: [LedgerEntrySummaryDTO]
        let message: String?
    }

    @Sendable static func overview(_ req: Request) async throws -> Response {
        let ledger = req.siteLedger.ledger
        let q = (req.query[String.self, at: "q"] ?? "").trimmingCharacters(in: .whitespaces)
        if let index = UInt64(q) { return req.redirect(to: "/ledger/entries/\(index)") }
        var results: [LedgerEntrySummaryDTO] = []
        var message: String?
        if !q.isEmpty {
            if let principal = req.authentication?.caller.principal {
                results = try await ledger.entries(about: String(q.prefix(100)), for: principal, on: req.db)
                if results.isEmpty { message = "没有找到您有权查看的相关存证" }
            } else {
                message = "按主体查询需先登录；按序号查询无需登录"
            }
        }
        let checkpoint = try await ledger.log.checkpoint()
        let page = Overview(size: checkpoint?.size, checkpoint: checkpoint?.note, verifierKey: ledger.log.verifier.verifierKey, q: q, results: results, message: message)
        return try await WebPages.render("ledger", title: "存证", section: "ledger", page: page, on: req).encodeResponse(for: req)
    }

    struct EntryPage: Encodable, Sendable {
        let entry: LedgerEntryDTO
    }

    @Sendable static func entry(_ req: Request) async throws -> View {
        let found = try await lookUp(req)
        return try await WebPages.render("ledger-entry", title: "存证 #\(found.index)", section: "ledger", page: EntryPage(entry: found), on: req)
    }

    @Sendable static func entryFile(_ req: Request) async throws -> Response {
        let found = try await lookUp(req)
        return download(found.entry, name: "siteledger-\(found.index).entry")
    }

    @Sendable static func recordFile(_ req: Request) async throws -> Response {
        let found = try await lookUp(req)
        guard let record = found.record else { throw req.authentication == nil ? APIError.unauthenticated : APIError.forbidden }
        return download(record, name: "siteledger-\(found.index).record.json")
    }

    private static func lookUp(_ req: Request) async throws -> LedgerEntryDTO {
        guard let index = req.parameters.get("index").flatMap(UInt64.init), index < UInt64(Int64.max),
              let found = try await req.siteLedger.ledger.entry(at: index, for: req.authentication?.caller.principal, on: req.db)
        else { throw APIError.notFound("entry", zh: "存证条目") }
        return found
    }

    private static func download(_ text: String, name: String) -> Response {
        var headers = HTTPHeaders([("Content-Type", "application/octet-stream")])
        headers.replaceOrAdd(name: .contentDisposition, value: #"attachment; filename="\#(name)""#)
        return Response(status: .ok, headers: headers, body: .init(string: text))
    }

    struct VerifyForm: Content {
        var receipt: File?
        var entry: File?
        var record: File?
    }

    struct Verdict: Encodable, Sendable {
        let ok: Bool
        let lines: [String]
        let failure: String?
    }

    /// Checks an uploaded receipt; the entry defaults to this log's entry at the receipt's index.
    @Sendable static func verify(_ req: Request) async throws -> View {
        let form = try req.content.decode(VerifyForm.self)
        let ledger = req.siteLedger.ledger
        var lines: [String] = []
        var failure: String?
        do {
            guard let receiptFile = form.receipt, receiptFile.data.readableBytes > 0 else { throw APIError.missing("receipt") }
            let text = String(decoding: receiptFile.data.readableBytesView, as: UTF8.self)
            let receipt = try Receipt(parsing: text)
            var entry = form.entry.flatMap { $0.data.readableBytes > 0 ? Data($0.data.readableBytesView) : nil }
            if entry == nil {
                entry = try await ledger.store.entry(at: receipt.index)?.entry
                lines.append("未上传条目：使用本平台存证日志第 \(receipt.index) 条")
            }
            guard let entry else { throw APIError.notFound("entry \(receipt.index)", zh: "存证条目 \(receipt.index) ") }
            let record = form.record.flatMap { $0.data.readableBytes > 0 ? Data($0.data.readableBytesView) : nil }
            let outcome = try EvidenceCheck.verify(receipt: text, entry: entry, record: record, verifier: ledger.log.verifier)
            lines.append("检查点签名有效：\(outcome.checkpoint.origin)，规模 \(outcome.checkpoint.size)")
            lines.append("第 \(outcome.index) 条已纳入该检查点（包含证明有效）")
            if record != nil { lines.append("记录的 SHA-256 与条目所载一致：记录未被篡改") }
        } catch {
            failure = describe(error)
        }
        return try await WebPages.render("ledger-verify", title: "验证结果", section: "ledger", page: Verdict(ok: failure == nil, lines: lines, failure: failure), on: req)
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case let error as ReceiptError:
            switch error.part {
            case .format: "回执格式错误：\(error.reason)"
            case .checkpoint: "检查点无效（检查点或其签名被改动，或由其他密钥签发）：\(error.reason)"
            case .entry: "条目与回执不符（条目被改动）：\(error.reason)"
            case .proof: "包含证明无效（证明被改动）：\(error.reason)"
            }
        case let error as EvidenceCheck.RecordMismatch: "记录与条目不符（记录被改动）：\(error)"
        case let error as APIError: error.message
        default: "\(error)"
        }
    }
}
