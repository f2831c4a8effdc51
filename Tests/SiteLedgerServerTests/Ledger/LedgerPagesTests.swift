import Foundation
import Testing
import Vapor
@testable import SiteLedgerServer

/// The 存证 pages over real HTTP, as a browser without JavaScript uses them.
@Suite("存证 pages over HTTP")
struct LedgerPagesTests {
    struct Upload: Content {
        var receipt: File
        var entry: File?
        var record: File?
    }

    /// Posts `upload` to the verification page as the page's file form does.
    static func verify(_ upload: Upload, with browser: WebConsoleTests.Browser) async throws -> ClientResponse {
        let boundary = "siteledger-\(UUID().uuidString)"
        let form = try FormDataEncoder().encode(upload, boundary: boundary)
        return try await browser.send(.POST, "/ledger/verify", headers: ["Accept": "text/html", "Content-Type": "multipart/form-data; boundary=\(boundary)"], body: form)
    }

    static func text(_ response: ClientResponse) -> String {
        response.body.map { String(buffer: $0) } ?? ""
    }

    @Test func anyoneSeesTheCheckpointAndVerifiesAReceipt() async throws {
        try await WebConsoleTests.withBrowser { t, browser in
            let checkpoint = try await t.integrated()
            let overview = try await browser.get("/ledger")
            #expect(overview.status == .ok)
            let page = Self.text(overview)
            #expect(page.contains("最新检查点") && page.contains("\(checkpoint.size) 条"))
            #expect(page.contains(t.ledger.log.verifier.verifierKey))

            #expect(try await browser.get("/ledger?q=3").headers.first(name: .location) == "/ledger/entries/3")
            let entryPage = try await browser.get("/ledger/entries/3")
            #expect(Self.text(entryPage).contains("已纳入签名检查点"))
            #expect(!Self.text(entryPage).contains("下载记录"))
            #expect(try await browser.get("/ledger?q=\(Fixtures.njProjectCode)").body.map { String(buffer: $0) }?.contains("需先登录") == true)

            let receipt = Self.text(try await browser.get("/api/v1/ledger/entries/3/receipt"))
            let verified = try await Self.verify(Upload(receipt: File(data: ByteBuffer(string: receipt), filename: "r.tlog-proof")), with: browser)
            #expect(Self.text(verified).contains("验证通过"), "\(Self.text(verified))")

            let altered = receipt.replacingOccurrences(of: "index 3\n", with: "index 4\n")
            let refused = try await Self.verify(Upload(receipt: File(data: ByteBuffer(string: altered), filename: "r.tlog-proof")), with: browser)
            #expect(Self.text(refused).contains("验证未通过"))
        }
    }

    @Test func aReaderFindsASubjectsEntriesAndDownloadsTheRecord() async throws {
        try await WebConsoleTests.withBrowser { t, browser in
            try await browser.signIn("owner")
            try await t.integrated()
            let found = Self.text(try await browser.get("/ledger?q=\(Fixtures.njProjectCode)"))
            let index = try #require(found.firstRange(of: #/href="/ledger/entries/(\d+)"/#).map { String(found[$0].dropFirst(21).dropLast(1)) })
            let entryPage = Self.text(try await browser.get("/ledger/entries/\(index)"))
            #expect(entryPage.contains("下载记录"))
            let record = try await browser.get("/ledger/entries/\(index)/record.json")
            #expect(record.status == .ok)
            let entry = Self.text(try await browser.get("/ledger/entries/\(index)/entry.json"))
            let receipt = Self.text(try await browser.get("/api/v1/ledger/entries/\(index)/receipt"))
            let verified = try await Self.verify(Upload(
                receipt: File(data: ByteBuffer(string: receipt), filename: "r"), entry: File(data: ByteBuffer(string: entry), filename: "e"),
                record: File(data: record.body ?? ByteBuffer(), filename: "rec")
            ), with: browser)
            #expect(Self.text(verified).contains("记录未被篡改"), "\(Self.text(verified))")
        }
    }
}
