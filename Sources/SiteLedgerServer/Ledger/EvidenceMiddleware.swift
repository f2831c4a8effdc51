import Vapor

/// Adds `"evidence": {"index", "leafHash"}` to the JSON answer of every write that logged a
/// change, so that each feature's responses carry it without each controller saying so.
struct EvidenceMiddleware: AsyncMiddleware {
    struct Key: StorageKey { typealias Value = Evidence }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        guard let evidence = request.storage[Key.self], response.headers.first(name: .contentType)?.hasPrefix("application/json") == true,
              let body = response.body.buffer, body.readableBytes >= 2,
              body.getInteger(at: body.writerIndex - 1, as: UInt8.self) == UInt8(ascii: "}")
        else { return response }
        let field = #""evidence":"# + (try Change.canonicalJSON(evidence))
        var spliced = ByteBuffer(buffer: body.getSlice(at: body.readerIndex, length: body.readableBytes - 1)!)
        spliced.writeString(body.readableBytes == 2 ? field + "}" : "," + field + "}")
        response.body = .init(buffer: spliced)
        return response
    }
}
