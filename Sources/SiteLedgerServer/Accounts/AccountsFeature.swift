import Vapor
import Fluent
import SiteLedgerCore

struct AccountsFeature: Feature {
    var migrations: [any Migration] {
        [CreateOrganizations(), CreateUsers(), CreateAPIKeys(), CreateSessions(), CreateLoginFailures()]
    }

    func routes(api: any RoutesBuilder, unauthenticated: any RoutesBuilder, web: any RoutesBuilder) throws {
        unauthenticated.post("auth", "login", use: AuthController.login)
        let auth = api.grouped("auth")
        auth.post("logout", use: AuthController.logout)
        auth.post("password", use: AuthController.changePassword)
        auth.get("me", use: AuthController.me)

        let organizations = api.grouped("organizations")
        organizations.get(use: OrganizationsController.list)
        organizations.post(use: OrganizationsController.create)
        organizations.get(":organization", use: OrganizationsController.get)
        organizations.patch(":organization", use: OrganizationsController.update)

        let users = api.grouped("users")
        users.get(use: UsersController.list)
        users.post(use: UsersController.create)
        users.get(":user", use: UsersController.get)
        users.patch(":user", use: UsersController.update)

        let keys = api.grouped("api-keys")
        keys.get(use: APIKeysController.list)
        keys.post(use: APIKeysController.create)
        keys.delete(":key", use: APIKeysController.revoke)

        AccountPages.routes(web)
    }

    var ledgerSubjects: [LedgerSubject] {
        [
            .model("organization", Organization.self, record: { organization, _ in try OrganizationDTO(organization) }, access: { _, _ in (.readDirectory, nil) }, invalidates: [.callers]),
            .model("user", User.self, record: { user, _ in try UserDTO(user) }, access: { user, _ in (.readAccountRecords(organization: user.$organization.id), nil) }, invalidates: [.callers]),
            .model("api-key", APIKey.self, record: { key, _ in try APIKeyDTO(key) }, access: { key, _ in (.readAccountRecords(organization: key.$organization.id), nil) }, invalidates: [.callers]),
        ]
    }
}
