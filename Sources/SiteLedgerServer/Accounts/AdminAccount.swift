import Vapor
import Fluent
import SiteLedgerCore

/// The platform's first account, created on first start.
enum AdminAccount {
    static let username = "admin"

    /// Creates `admin` when no admin exists, with the given password or a random one that is
    /// printed once to standard output (never logged).
    static func ensure(on app: Application, password: String?) async throws {
        guard try await User.query(on: app.db).filter(\.$role == .admin).count() == 0 else { return }
        let chosen = password ?? randomPassword()
        let ledger = app.siteLedger
        _ = try await ledger.writePath.perform(on: app.db, by: .system) { writes in
            try await UserService.create(
                CreateUserRequest(username: username, displayName: "平台管理员", password: chosen, role: .admin, organizationId: nil),
                passwords: ledger.passwords, writes: writes
            )
        }
        if password == nil {
            print("""
                ────────────────────────────────────────────────────────
                SiteLedger created the platform administrator account.
                  username: \(username)
                  password: \(chosen)
                This password is shown once. Change it after signing in.
                ────────────────────────────────────────────────────────
                """)
        }
    }

    static func randomPassword() -> String {
        let alphabet = Array("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        return String((0..<20).map { _ in alphabet.randomElement()! })
    }
}
