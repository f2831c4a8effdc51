import Vapor

/// The console has one stylesheet: read it once and serve it from memory, instead of a file
/// middleware that looks at the disk on every request.
enum StylesheetRoute {
    static func register(_ app: Application) throws {
        let path = app.directory.publicDirectory + "css/app.css"
        let css = ByteBuffer(data: try Data(contentsOf: URL(fileURLWithPath: path)))
        let etag = "\"\(css.readableBytes)-\(css.hashValue)\""
        app.get("css", "app.css") { req -> Response in
            if req.headers.first(name: .ifNoneMatch) == etag { return Response(status: .notModified) }
            return Response(status: .ok, headers: ["Content-Type": "text/css; charset=utf-8", "Cache-Control": "public, max-age=3600", "ETag": etag], body: .init(buffer: css))
        }
    }
}
