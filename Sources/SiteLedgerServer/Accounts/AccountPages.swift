import Vapor
import Fluent
import SiteLedgerCore

/// Sign-in and sign-out, and the administrator's organization and user pages.
enum AccountPages {
    static func routes(_ web: any RoutesBuilder) {
        web.get("login", use: loginForm)
        web.post("login", use: login)
        web.post("logout", use: logout)
        let account = web.grouped(RequireSignIn()).grouped("account", "password")
        account.get(use: passwordForm)
        account.post(use: changePassword)
        let admin = web.grouped(RequireSignIn()).grouped("admin")
        admin.get("organizations", use: organizations)
        admin.post("organizations", use: createOrganization)
        admin.get("users", use: users)
        admin.post("users", use: createUser)
    }

    struct LoginForm: Encodable, Sendable {
        let username: String
        let next: String
        let error: String?
    }

    struct LoginFields: Content {
        let username: String?
        let password: String?
        let next: String?
    }

    @Sendable static func loginForm(_ req: Request) async throws -> View {
        try await WebPages.render("login", title: "登录", section: "login", page: LoginForm(username: "", next: safeNext(req.query["next"]), error: nil), on: req)
    }

    @Sendable static func login(_ req: Request) async throws -> Response {
        let fields = try req.content.decode(LoginFields.self)
        let next = safeNext(fields.next)
        do {
            let success = try await LoginService.login(
                username: fields.username ?? "", password: fields.password ?? "", on: req.db, ledger: req.siteLedger
            )
            let response = req.redirect(to: next, redirectType: .normal)
            response.cookies[Authentication.cookieName] = HTTPCookies.Value(
                string: try await AuthController.sign(success.session, on: req), expires: success.session.expiresAt,
                path: "/", isSecure: req.arrivedOverHTTPS, isHTTPOnly: true, sameSite: .strict
            )
            return response
        } catch let error as APIError {
            let form = LoginForm(username: fields.username ?? "", next: next, error: error.message)
            let response = try await WebPages.render("login", title: "登录", section: "login", page: form, on: req).encodeResponse(for: req)
            response.status = error.status
            return response
        }
    }

    @Sendable static func logout(_ req: Request) async throws -> Response {
        if let session = req.authentication?.sessionID {
            try await LoginService.logout(session: session, on: req.db, writePath: req.siteLedger.writePath)
            req.siteLedger.caches.callers.removeAll()
        }
        let response = req.redirect(to: "/login", redirectType: .normal)
        response.cookies[Authentication.cookieName] = HTTPCookies.Value(string: "", expires: Date(timeIntervalSince1970: 0), path: "/", isHTTPOnly: true, sameSite: .strict)
        return response
    }

    struct PasswordPage: Encodable, Sendable {
        let error: String?
        let notice: String?
    }

    struct PasswordFields: Content {
        let currentPassword: String?
        let newPassword: String?
        let repeatPassword: String?
    }

    @Sendable static func passwordForm(_ req: Request) async throws -> View {
        try await WebPages.render("password", title: "修改密码", section: "account", page: PasswordPage(error: nil, notice: nil), on: req)
    }

    @Sendable static func changePassword(_ req: Request) async throws -> Response {
        let fields = try req.content.decode(PasswordFields.self)
        let session = req.authentication?.sessionID
        let passwords = req.siteLedger.passwords
        var page = PasswordPage(error: nil, notice: "密码已修改，其他设备上的登录已失效")
        var status = HTTPStatus.ok
        do {
            guard fields.newPassword == fields.repeatPassword else {
                throw APIError.invalid("repeatPassword", code: "mismatch", en: "does not match the new password", zh: "两次输入的新密码不一致")
            }
            try await req.write { writes in
                try await LoginService.changePassword(
                    current: fields.currentPassword ?? "", new: fields.newPassword ?? "", caller: writes.caller,
                    keepSession: session, writes: writes, passwords: passwords
                )
            }
        } catch let error as APIError {
            page = PasswordPage(error: error.message, notice: nil)
            status = error.status
        }
        return try await WebPages.render("password", title: "修改密码", section: "account", page: page, on: req).encodeResponse(status: status, for: req)
    }

    /// Only local paths, so the sign-in form cannot be used to send people elsewhere.
    private static func safeNext(_ next: String?) -> String {
        guard let next, next.count <= 512, next.hasPrefix("/"), !next.hasPrefix("//"),
              next.allSatisfy({ $0.isASCII && !$0.isWhitespace && $0 != "\\" && !($0.asciiValue.map { $0 < 0x20 || $0 == 0x7F } ?? true) }),
              let parts = URLComponents(string: next), parts.scheme == nil, parts.host == nil
        else { return "/" }
        return next
    }

    struct OrganizationsPage: Encodable, Sendable {
        let organizations: [OrganizationDTO]
        let kinds: [SelectOption]
        let nextURL: String?
        let error: String?
        let notice: String?
    }

    struct OrganizationFields: Content {
        let name: String?
        let kind: String?
        let creditCode: String?
        let regionCode: String?
        let qualifications: String?
    }

    @Sendable static func organizations(_ req: Request) async throws -> View {
        try await organizationsPage(req, error: nil, notice: nil)
    }

    @Sendable static func createOrganization(_ req: Request) async throws -> Response {
        try req.authorize(.manageOrganizations)
        let fields = try req.content.decode(OrganizationFields.self)
        guard let kind = fields.kind.flatMap(OrganizationKind.init(rawValue:)) else {
            return try await organizationsPage(req, error: APIError.missing("kind").message, notice: nil).encodeResponse(status: .unprocessableEntity, for: req)
        }
        let request = CreateOrganizationRequest(
            name: fields.name ?? "", kind: kind, creditCode: fields.creditCode ?? "", regionCode: fields.regionCode ?? "",
            qualifications: fields.qualifications.map { $0.split(whereSeparator: { $0 == "\n" || $0 == "；" || $0 == ";" }).map(String.init) },
            confirmCreditCode: false
        )
        let regions = req.siteLedger.regions
        do {
            let organization = try await req.write { try await OrganizationService.create(request, regions: regions, writes: $0) }
            return try await organizationsPage(req, error: nil, notice: "已登记 \(organization.name)").encodeResponse(status: .created, for: req)
        } catch let error as APIError {
            return try await organizationsPage(req, error: error.message, notice: nil).encodeResponse(status: error.status, for: req)
        }
    }

    private static func organizationsPage(_ req: Request, error: String?, notice: String?) async throws -> View {
        try req.authorize(.manageOrganizations)
        let page = try await Organization.query(on: req.db).page(PageRequest(from: req), by: \.$creditCode, map: OrganizationDTO.init)
        let content = OrganizationsPage(
            organizations: page.items, kinds: OrganizationKind.allCases.map { SelectOption(value: $0.rawValue, label: $0.nameZH) },
            nextURL: page.nextCursor.map { "/admin/organizations?cursor=\($0)" }, error: error, notice: notice
        )
        return try await WebPages.render("organizations", title: "单位管理", section: "organizations", page: content, on: req)
    }

    struct UserRow: Content {
        let user: UserDTO
        let organizationName: String?
        let roleName: String
    }

    struct UsersPage: Encodable, Sendable {
        let users: [UserRow]
        let organizations: [SelectOption]
        let nextURL: String?
        let error: String?
        let notice: String?
    }

    struct UserFields: Content {
        let username: String?
        let displayName: String?
        let password: String?
        let role: String?
        let organizationId: String?
    }

    @Sendable static func users(_ req: Request) async throws -> View {
        try await usersPage(req, error: nil, notice: nil)
    }

    @Sendable static func createUser(_ req: Request) async throws -> Response {
        try req.authorize(.manageUsers)
        let fields = try req.content.decode(UserFields.self)
        let request = CreateUserRequest(
            username: fields.username ?? "", displayName: fields.displayName ?? "", password: fields.password ?? "",
            role: fields.role.flatMap(Principal.Role.init(rawValue:)) ?? .staff, organizationId: fields.organizationId.flatMap(UUID.init(uuidString:))
        )
        let passwords = req.siteLedger.passwords
        do {
            let user = try await req.write { try await UserService.create(request, passwords: passwords, writes: $0) }
            return try await usersPage(req, error: nil, notice: "已创建用户 \(user.username)").encodeResponse(status: .created, for: req)
        } catch let error as APIError {
            return try await usersPage(req, error: error.message, notice: nil).encodeResponse(status: error.status, for: req)
        }
    }

    private static func usersPage(_ req: Request, error: String?, notice: String?) async throws -> View {
        try req.authorize(.manageUsers)
        let page = try await User.query(on: req.db).with(\.$organization).page(PageRequest(from: req), by: \.$username) { user in
            UserRow(user: try UserDTO(user), organizationName: user.organization?.name, roleName: roleName(user.role))
        }
        let organizations = try await Organization.query(on: req.db).sort(\.$name).all()
            .map { SelectOption(value: $0.id?.uuidString ?? "", label: "\($0.name)（\($0.kind.nameZH)）") }
        let content = UsersPage(users: page.items, organizations: organizations, nextURL: page.nextCursor.map { "/admin/users?cursor=\($0)" }, error: error, notice: notice)
        return try await WebPages.render("users", title: "用户管理", section: "users", page: content, on: req)
    }

    private static func roleName(_ role: Principal.Role) -> String {
        switch role {
        case .admin: "平台管理员"
        case .manager: "管理人员"
        case .staff: "一般人员"
        }
    }
}

extension Request {
    /// True behind a TLS-terminating proxy that says so; then the session cookie is `Secure`.
    /// A client forging the header only makes its own cookie stricter.
    var arrivedOverHTTPS: Bool {
        url.scheme == "https" || headers.first(name: "X-Forwarded-Proto")?.lowercased() == "https"
    }
}
