import Vapor
import JWT
import Foundation

/// The bearer token's claims: the session it belongs to, so revoking the session revokes it.
struct SessionToken: JWTPayload {
    let sid: UUID
    let sub: SubjectClaim
    let exp: ExpirationClaim

    func verify(using algorithm: some JWTAlgorithm) async throws {
        try exp.verifyNotExpired()
    }
}

/// Machine-client keys: `slk_` and 43 characters of base64url carrying 256 random bits.
enum APIKeyMaterial {
    static let prefix = "slk_"

    static func generate() -> String {
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max) }
        return prefix + Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func hash(_ key: String) -> String {
        SHA256.hash(data: Data(key.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
