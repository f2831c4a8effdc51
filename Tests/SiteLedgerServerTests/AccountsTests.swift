import Foundation
import Testing
import Vapor
import VaporTesting
import Fluent
@testable import SiteLedgerServer

@Suite("Accounts: sign-in, sessions, passwords, API keys, organizations")
struct AccountsTests {
    @Test func wrongPasswordsBackOffAndDoNotRevealAccounts() async throws {
        try await TestApp.run { t in
            let unknown = try await t.send(.POST, "/api/v1/auth/login", json: #"{"username":"nobody","password":"whatever-123"}"#)
            let wrong = try await t.send(.POST, "/api/v1/auth/login", json: #"{"username":"admin","password":"whatever-123"}"#)
            #expect(unknown.status == .unauthorized && wrong.status == .unauthorized)
            #expect(unknown.body.string == wrong.body.string, "same answer whether or not the account exists")
            for _ in 0..<(LoginService.freeFailures - 1) {
                _ = try await t.send(.POST, "/api/v1/auth/login", json: #"{"username":"admin","password":"whatever-123"}"#)
            }
            let locked = try await t.send(.POST, "/api/v1/auth/login", json: #"{"username":"admin","password":"\#(Fixtures.adminPassword)"}"#)
            #expect(locked.status == .tooManyRequests, "even the right password waits out the lock")
            #expect(try locked.error().code == "too_many_attempts")
        }
    }

    @Test func parallelGuessesCannotOutrunTheBackOff() async throws {
        try await TestApp.run { t in
            let statuses = try await withThrowingTaskGroup(of: UInt.self) { group in
                for index in 0..<12 {
                    group.addTask {
                        try await t.send(.POST, "/api/v1/auth/login", json: #"{"username":"Admin","password":"guess-\#(index)"}"#).status.code
                    }
                }
                return try await group.reduce(into: [UInt]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == 401 }.count == LoginService.freeFailures, "\(statuses.sorted())")
            #expect(statuses.filter { $0 == 429 }.count == 12 - LoginService.freeFailures)
        }
    }

    @Test func logoutAndPasswordChangeEndSessions() async throws {
        try await TestApp.run { t in
            let first = try await t.login("admin", Fixtures.adminPassword)
            let second = try await t.login("admin", Fixtures.adminPassword)
            #expect(try await t.send(.GET, "/api/v1/auth/me", token: first).status == .ok)

            let weak = try await t.send(.POST, "/api/v1/auth/password", token: first, json: #"{"currentPassword":"\#(Fixtures.adminPassword)","newPassword":"short"}"#)
            #expect(try weak.error().code == "weak_password")
            let wrong = try await t.send(.POST, "/api/v1/auth/password", token: first, json: #"{"currentPassword":"not-it-at-all","newPassword":"a-much-better-one-42"}"#)
            #expect(try wrong.error().field == "currentPassword")
            let changed = try await t.send(.POST, "/api/v1/auth/password", token: first, json: #"{"currentPassword":"\#(Fixtures.adminPassword)","newPassword":"a-much-better-one-42"}"#)
            #expect(changed.status == .noContent)
            #expect(try await t.send(.GET, "/api/v1/auth/me", token: second).status == .unauthorized, "other sessions end")
            #expect(try await t.send(.GET, "/api/v1/auth/me", token: first).status == .ok, "the session that changed it stays")

            #expect(try await t.send(.POST, "/api/v1/auth/logout", token: first).status == .noContent)
            #expect(try await t.send(.GET, "/api/v1/auth/me", token: first).status == .unauthorized)
            #expect(try await t.send(.GET, "/api/v1/auth/me", token: "not.a.jwt").status == .unauthorized)
            _ = try await t.login("admin", "a-much-better-one-42")
        }
    }

    @Test func apiKeysAreShownOnceStoredHashedScopedAndRevocable() async throws {
        try await TestApp.run(demo: true) { t in
            let manager = try await t.login("contractor")
            let org = try #require(try await User.query(on: t.db).filter(\.$username == "contractor").first()).$organization.id!
            let created = try await t.send(.POST, "/api/v1/api-keys", token: manager, json: #"{"name":"塔吊厂商","organizationId":"\#(org)","canWrite":true}"#)
            #expect(created.status == .created)
            let key = try created.json()["key"].string
            #expect(key.hasPrefix("slk_") && key.count == 47)
            let stored = try #require(try await APIKey.query(on: t.db).filter(\.$name == "塔吊厂商").first())
            #expect(stored.keyHash != key && stored.keyHash.count == 64 && !stored.keyHash.contains(key))
            let listed = try await t.send(.GET, "/api/v1/api-keys", token: manager)
            #expect(!listed.body.string.contains(key), "the key is never shown again")

            let foreign = try #require(try await Project.query(on: t.db).filter(\.$code == Fixtures.dgProjectCode).first())
            for scope in [try foreign.requireID(), UUID()] {
                let refused = try await t.send(.POST, "/api/v1/api-keys", token: manager, json: #"{"name":"越权","organizationId":"\#(org)","projectScope":["\#(scope)"]}"#)
                #expect(try refused.error() == ("unknown_project", "projectScope"), "same answer for a foreign and a missing project")
            }

            let asKey = try await t.send(.GET, "/api/v1/projects", token: key)
            #expect(try asKey.json()["items"].array.count == 5)
            let viaHeader = try await t.send(.GET, "/api/v1/projects", headers: ["X-API-Key": key])
            #expect(viaHeader.status == .ok)
            let logout = try await t.send(.POST, "/api/v1/auth/logout", token: key)
            #expect(try logout.error().code == "not_a_session")

            let id = try created.json()["apiKey"]["id"].string
            let otherManager = try await t.login("supervisor")
            #expect(try await t.send(.DELETE, "/api/v1/api-keys/\(id)", token: otherManager).status == .notFound)
            #expect(try await t.send(.DELETE, "/api/v1/api-keys/\(id)", token: manager).status == .ok)
            #expect(try await t.send(.GET, "/api/v1/projects", token: key).status == .unauthorized)
        }
    }

    @Test func organizationsCarryValidCreditCodes() async throws {
        try await TestApp.run { t in
            let admin = try await t.login("admin", Fixtures.adminPassword)
            let body = #"{"name":"福建测试单位","kind":"contractor","creditCode":"91350100M000100Y43","regionCode":"350000","qualifications":["建筑工程施工总承包贰级"]}"#
            let created = try await t.send(.POST, "/api/v1/organizations", token: admin, json: body)
            #expect(created.status == .created, "\(created.body.string)")
            #expect(try created.json()["jurisdiction"].isNull, "only regulators have a jurisdiction")
            #expect(try await t.send(.POST, "/api/v1/organizations", token: admin, json: body).status == .conflict)

            let wrongCheck = body.replacingOccurrences(of: "91350100M000100Y43", with: "91350100M000100Y44")
            let refused = try await t.send(.POST, "/api/v1/organizations", token: admin, json: wrongCheck)
            #expect(refused.status == .unprocessableEntity)
            #expect(try refused.error() == ("invalid_credit_code", "creditCode"))
            #expect(try refused.json()["error"]["message"].string.contains("3"), "names the expected check character")

            let confirmed = wrongCheck.replacingOccurrences(of: "\"qualifications\"", with: "\"confirmCreditCode\":true,\"qualifications\"")
            let accepted = try await t.send(.POST, "/api/v1/organizations", token: admin, json: confirmed)
            #expect(accepted.status == .created, "an administrator may confirm a registered code that fails the check")
            #expect(try accepted.json()["creditCodeConfirmed"].value as? Bool == true)

            let regulator = #"{"name":"苏州监管","kind":"regulator","creditCode":"91110000101623741K","regionCode":"320500"}"#
            let made = try await t.send(.POST, "/api/v1/organizations", token: admin, json: regulator)
            #expect(try made.json()["jurisdiction"].string == "3205")
        }
    }

    @Test func usersBelongToOneOrganization() async throws {
        try await TestApp.run(demo: true) { t in
            let admin = try await t.login("admin", Fixtures.adminPassword)
            let orphan = try await t.send(.POST, "/api/v1/users", token: admin, json: #"{"username":"new.user","displayName":"新用户","password":"long-enough-pw-1","role":"staff"}"#)
            #expect(try orphan.error() == ("missing_field", "organizationId"))
            let taken = try await t.send(.POST, "/api/v1/users", token: admin, json: #"{"username":"owner","displayName":"重名","password":"long-enough-pw-1","role":"admin"}"#)
            #expect(taken.status == .conflict)
            let badName = try await t.send(.POST, "/api/v1/users", token: admin, json: #"{"username":"a b","displayName":"x","password":"long-enough-pw-1","role":"admin"}"#)
            #expect(try badName.error().code == "invalid_username")

            let ownerToken = try await t.login("owner")
            #expect(try await t.send(.GET, "/api/v1/auth/me", token: ownerToken).status == .ok)
            let owner = try #require(try await User.query(on: t.db).filter(\.$username == "owner").first())
            let disabled = try await t.send(.PATCH, "/api/v1/users/\(try owner.requireID())", token: admin, json: #"{"disabled":true}"#)
            #expect(disabled.status == .ok)
            let login = try await t.send(.POST, "/api/v1/auth/login", json: #"{"username":"owner","password":"\#(Fixtures.demoPassword)"}"#)
            #expect(login.status == .unauthorized, "a disabled account cannot sign in")
            #expect(try await t.send(.GET, "/api/v1/auth/me", token: ownerToken).status == .unauthorized, "and its sessions end")
        }
    }
}
