import Fluent
import Vapor
import SiteLedgerCore

/// Sign-in, sign-out and password change, with back-off after repeated failures.
enum LoginService {
    static let sessionLifetime: TimeInterval = 12 * 3600
    /// Failures allowed before the account is locked for a while.
    static let freeFailures = 5
    static let maxLock: TimeInterval = 15 * 60

    struct Success: Sendable {
        let user: User
        let session: UserSession
    }

    static func login(username: String, password: String, on db: any Database, ledger: SiteLedger, now: Date = Date()) async throws -> Success {
        try await ledger.signIns.withTurn(for: username.lowercased()) {
            try await attempt(username: username, password: password, on: db, passwords: ledger.passwords, writePath: ledger.writePath, now: now)
        }
    }

    /// Sessions and failure counts are not records the ledger keeps, but on SQLite they still
    /// take the write path's turn: a statement that waits for SQLite's write lock outside it
    /// keeps a thread of the blocking pool spinning, and enough of them stall the writer.
    private static func attempt(
        username: String, password: String, on db: any Database, passwords: Passwords, writePath: WritePath, now: Date
    ) async throws -> Success {
        guard username.count <= 64, !username.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw invalidCredentials
        }
        let key = username.lowercased()
        let failure = try await LoginFailure.query(on: db).filter(\.$username == key).first()
        if let lockedUntil = failure?.lockedUntil, lockedUntil > now {
            throw tooManyAttempts(until: lockedUntil, now: now)
        }
        let user = try await User.query(on: db).filter(\.$username == username).first()
        let matches = try await passwords.verify(password, hash: user?.passwordHash)
        guard let user, matches, !user.disabled else {
            try await writePath.serialized { try await recordFailure(key, existing: failure, on: db, now: now) }
            throw invalidCredentials
        }
        let session = UserSession()
        session.$user.id = try user.requireID()
        session.createdAt = now
        session.expiresAt = now.addingTimeInterval(sessionLifetime)
        try await writePath.serialized {
            try await db.transaction { tx in
                try await failure?.delete(on: tx)
                try await session.create(on: tx)
            }
        }
        return Success(user: user, session: session)
    }

    static func logout(session id: UUID, on db: any Database, writePath: WritePath, now: Date = Date()) async throws {
        try await writePath.serialized { try await UserSession.query(on: db).filter(\.$id == id).set(\.$revokedAt, to: now).update() }
    }

    /// Changes the password and ends every other session of the user.
    static func changePassword(
        current: String, new: String, caller: Caller, keepSession: UUID?, writes: Writes, passwords: Passwords
    ) async throws {
        guard let userID = caller.principal.userID, let user = try await User.find(userID, on: writes.database) else {
            throw APIError.unauthenticated
        }
        guard try await passwords.verify(current, hash: user.passwordHash) else {
            throw APIError.invalid("currentPassword", code: "invalid_credentials", en: "is wrong", zh: "当前密码错误")
        }
        try PasswordRule.check(new, field: "newPassword")
        user.passwordHash = try await passwords.hash(new)
        try await user.save(on: writes.database)
        var others = UserSession.query(on: writes.database).filter(\.$user.$id == userID).filter(\.$revokedAt == nil)
        if let keepSession { others = others.filter(\.$id != keepSession) }
        try await others.set(\.$revokedAt, to: Date()).update()
        try writes.record(Change(
            kind: "user.password-changed", subjectType: "user", subjectID: userID, subjectLabel: user.username,
            summary: "修改密码", record: UserDTO(user)
        ))
    }

    private static func recordFailure(_ username: String, existing: LoginFailure?, on db: any Database, now: Date) async throws {
        let row = existing ?? LoginFailure()
        if existing == nil {
            row.username = username
            row.failures = 0
        }
        row.failures += 1
        row.lastFailureAt = now
        if row.failures >= freeFailures {
            let lock = min(maxLock, 30 * pow(2, Double(row.failures - freeFailures)))
            row.lockedUntil = now.addingTimeInterval(lock)
        }
        try await row.save(on: db)
    }

    private static let invalidCredentials = APIError(.unauthorized, code: "invalid_credentials", en: "wrong username or password", zh: "用户名或密码错误")

    private static func tooManyAttempts(until: Date, now: Date) -> APIError {
        let seconds = Int(until.timeIntervalSince(now).rounded(.up))
        return APIError(.tooManyRequests, code: "too_many_attempts", en: "too many failed logins, retry in \(seconds) s", zh: "登录失败次数过多，请 \(seconds) 秒后再试")
    }
}

/// Minimum password strength for accounts people choose passwords for.
enum PasswordRule {
    static func check(_ password: String, field: String) throws {
        guard (10...128).contains(password.count) else {
            throw APIError.invalid(field, code: "weak_password", en: "must be 10 to 128 characters", zh: "密码长度须为 10 至 128 个字符")
        }
        guard Set(password).count >= 4 else {
            throw APIError.invalid(field, code: "weak_password", en: "uses too few distinct characters", zh: "密码过于简单")
        }
    }
}
