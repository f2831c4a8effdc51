import Foundation
import Testing
import Vapor
import Fluent
@testable import SiteLedgerServer

/// The console over real HTTP on loopback, as a browser without JavaScript uses it.
@Suite("Web console over HTTP")
struct WebConsoleTests {
    /// A browser on the outside world's event loop (`TestApp.outsideLoops`).
    struct Browser {
        let client: HTTPClient
        let base: String
        var cookie: String?

        func get(_ path: String) async throws -> ClientResponse {
            try await send(.GET, path, headers: pageHeaders())
        }

        func post(_ path: String, form: [String: String]) async throws -> ClientResponse {
            var headers = pageHeaders()
            headers.contentType = .urlEncodedForm
            return try await send(.POST, path, headers: headers, body: try URLEncodedFormEncoder().encode(form))
        }

        /// A request with exactly these headers: no cookie, no Accept.
        func send(_ method: HTTPMethod, _ path: String, headers: HTTPHeaders, body: String? = nil) async throws -> ClientResponse {
            let request = try HTTPClient.Request(url: base + path, method: method, headers: headers, body: body.map { .string($0) })
            let response = try await client.execute(request: request).get()
            return ClientResponse(status: response.status, headers: response.headers, body: response.body)
        }

        private func pageHeaders() -> HTTPHeaders {
            var headers: HTTPHeaders = ["Accept": "text/html"]
            if let cookie { headers.add(name: .cookie, value: cookie) }
            return headers
        }

        mutating func signIn(_ username: String, _ password: String = Fixtures.demoPassword) async throws {
            let response = try await post("/login", form: ["username": username, "password": password, "next": "/"])
            #expect(response.status == .seeOther, "\(response.body.map { String(buffer: $0) } ?? "")")
            let setCookie = try #require(response.headers.first(name: .setCookie))
            #expect(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict"))
            cookie = String(setCookie.prefix { $0 != ";" })
        }
    }

    static func withBrowser(_ body: (TestApp, inout Browser) async throws -> Void) async throws {
        try await TestApp.run(demo: true) { t in
            // Generous: the suites run side by side on two cores.
            let client = HTTPClient(
                eventLoopGroupProvider: .shared(TestApp.outsideLoops),
                configuration: .init(redirectConfiguration: .disallow, timeout: .init(connect: .seconds(30), read: .seconds(120)))
            )
            try await t.app.server.start(address: .hostname("127.0.0.1", port: 0))
            let port = try #require(t.app.http.server.shared.localAddress?.port)
            var browser = Browser(client: client, base: "http://127.0.0.1:\(port)")
            do {
                try await body(t, &browser)
            } catch {
                await t.app.server.shutdown()
                try? await client.shutdown()
                throw error
            }
            await t.app.server.shutdown()
            try await client.shutdown()
        }
    }

    @Test func signInBrowseAndSignOut() async throws {
        try await Self.withBrowser { t, browser in
            let anonymous = try await browser.get("/projects")
            #expect(anonymous.status == .seeOther)
            #expect(anonymous.headers.first(name: .location) == "/login?next=/projects")
            let login = try await browser.get("/login")
            #expect(login.status == .ok && login.text.contains("<title>登录"))

            let failed = try await browser.post("/login", form: ["username": "nj-regulator", "password": "wrong-password"])
            #expect(failed.status == .unauthorized && failed.text.contains("用户名或密码错误"))

            try await browser.signIn("nj-regulator")
            let home = try await browser.get("/")
            #expect(home.status == .ok)
            #expect(home.text.contains("江苏省南京市辖区") && home.text.contains(">5</span><span>项目"))

            let projects = try await browser.get("/projects?q=%E6%B2%B3%E8%A5%BF")
            #expect(projects.text.contains("河西南鱼嘴安置住房项目") && !projects.text.contains("江宁开发区"))

            let project = try #require(try await Project.query(on: t.db).filter(\.$code == Fixtures.njProjectCode).first())
            let page = try await browser.get("/projects/\(try project.requireID())")
            #expect(page.text.contains("参建单位") && page.text.contains("江苏华建工程集团有限公司") && page.text.contains("王建国"))
            let building = try #require(try await Building.query(on: t.db).filter(\.$project.$id == project.requireID()).first())
            #expect(page.text.contains(building.code))

            let buildingPage = try await browser.get("/buildings/\(building.code)")
            #expect(buildingPage.text.contains("全生命周期记录") && buildingPage.text.contains("施工图审查") && buildingPage.text.contains("赋码"))

            let outside = try #require(try await Project.query(on: t.db).filter(\.$code == Fixtures.dgProjectCode).first())
            let hidden = try await browser.get("/projects/\(try outside.requireID())")
            #expect(hidden.status == .notFound && hidden.text.contains("页面不存在") && hidden.text.contains("工地台账"))
            let admin = try await browser.get("/admin/users")
            #expect(admin.status == .forbidden && admin.text.contains("无权访问"))

            let mismatch = try await browser.post("/account/password", form: ["currentPassword": Fixtures.demoPassword, "newPassword": "new-password-123", "repeatPassword": "other-password-123"])
            #expect(mismatch.status == .unprocessableEntity && mismatch.text.contains("两次输入的新密码不一致"))
            let changed = try await browser.post("/account/password", form: ["currentPassword": Fixtures.demoPassword, "newPassword": "new-password-123", "repeatPassword": "new-password-123"])
            #expect(changed.status == .ok && changed.text.contains("密码已修改"))
            #expect(try await browser.get("/").status == .ok, "the session that changed the password stays signed in")

            let logout = try await browser.post("/logout", form: [:])
            #expect(logout.status == .seeOther)
            #expect(try await browser.get("/").status == .seeOther, "the session is revoked, not just the cookie dropped")
        }
    }

    @Test func cookiesAreSecureBehindAnHTTPSProxy() async throws {
        try await Self.withBrowser { _, browser in
            let plain = try await browser.post("/login", form: ["username": "owner", "password": Fixtures.demoPassword])
            #expect(plain.headers.first(name: .setCookie)?.contains("Secure") == false)
            let form = try URLEncodedFormEncoder().encode(["username": "owner", "password": Fixtures.demoPassword])
            let proxied = try await browser.send(.POST, "/login", headers: ["X-Forwarded-Proto": "https", "Content-Type": "application/x-www-form-urlencoded"], body: form)
            #expect(proxied.headers.first(name: .setCookie)?.contains("Secure") == true)
        }
    }

    @Test func signInNeverRedirectsOffSite() async throws {
        try await Self.withBrowser { _, browser in
            for next in ["//evil.example", "/\t/evil.example", "/\\evil.example", "https://evil.example", "/ /evil.example", "/\n/evil.example"] {
                let response = try await browser.post("/login", form: ["username": "owner", "password": Fixtures.demoPassword, "next": next])
                #expect(response.headers.first(name: .location) == "/", "\(next.debugDescription)")
            }
            let local = try await browser.post("/login", form: ["username": "owner", "password": Fixtures.demoPassword, "next": "/projects?q=x"])
            #expect(local.headers.first(name: .location) == "/projects?q=x")
        }
    }

    @Test func markupInNamesIsEscaped() async throws {
        try await Self.withBrowser { t, browser in
            let token = try await t.login("nj-regulator")
            let name = "<script>alert('x')</script>测试"
            let body = #"{"code":"2026-320102-47-01-654321","name":"\#(name)","regionCode":"320102","address":"<b>地址</b>","kind":"building"}"#
            #expect(try await t.send(.POST, "/api/v1/projects", token: token, json: body).status == .created)
            try await browser.signIn("nj-regulator")
            let list = try await browser.get("/projects")
            #expect(!list.text.contains("<script>alert"))
            #expect(list.text.contains("&lt;script&gt;"))
        }
    }

    @Test func adminManagesOrganizationsAndUsers() async throws {
        try await Self.withBrowser { t, browser in
            try await browser.signIn("admin", Fixtures.adminPassword)
            let organizations = try await browser.get("/admin/organizations")
            #expect(organizations.status == .ok && organizations.text.contains("统一社会信用代码"))
            let invalid = try await browser.post("/admin/organizations", form: ["name": "新单位", "kind": "owner", "creditCode": "91110000101623741A", "regionCode": "320100"])
            #expect(invalid.status == .unprocessableEntity && invalid.text.contains("校验码错误"))
            let created = try await browser.post("/admin/organizations", form: ["name": "新单位", "kind": "owner", "creditCode": "91110000101623741K", "regionCode": "320100"])
            #expect(created.status == .created && created.text.contains("已登记 新单位"))
            let users = try await browser.get("/admin/users")
            #expect(users.status == .ok && users.text.contains("nj-regulator"))
        }
    }

    @Test func oversizedBodiesAreRefused() async throws {
        try await Self.withBrowser { t, browser in
            let token = try await t.login("nj-regulator")
            var headers: HTTPHeaders = ["Content-Type": "application/json"]
            headers.bearerAuthorization = .init(token: token)
            let huge = "{\"name\":\"\(String(repeating: "x", count: 100_000))\"}"
            let response = try await browser.send(.POST, "/api/v1/projects", headers: headers, body: huge)
            #expect(response.status == .payloadTooLarge)
            #expect(response.text.contains("payload_too_large"))
        }
    }
}

extension ClientResponse {
    var text: String { body.map { String(buffer: $0) } ?? "" }
}
