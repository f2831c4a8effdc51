import Vapor
enum DemoWorld { static func seed(on app: Application) async throws {} }
