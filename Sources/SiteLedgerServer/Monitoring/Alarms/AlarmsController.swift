import Vapor
import Fluent
import SiteLedgerCore

enum AlarmsController {
    /// The alarms of the projects the caller sees; `status=open` (default), `all`, or one status.
    @Sendable static func list(_ req: Request) async throws -> [AlarmDTO] {
        let principal = try req.requireCaller().principal
        let projects = try await ProjectScope.visible(to: principal, on: req.db).field(\.$id).all().compactMap(\.id)
        var query = Alarm.query(on: req.db).filter(\.$project.$id ~~ Set(projects)).sort(\.$raisedAt, .descending).limit(500)
        switch req.query[String.self, at: "status"] ?? "open" {
        case "open": query = query.filter(\.$status != .cleared)
        case "all": break
        case let text:
            guard let status = AlarmStatus(rawValue: text) else {
                throw APIError.invalid("status", en: "open, all, active, acknowledged or cleared", zh: "状态应为 open、all、active、acknowledged 或 cleared")
            }
            query = query.filter(\.$status == status)
        }
        return try await query.all().map(AlarmDTO.init)
    }

    @Sendable static func show(_ req: Request) async throws -> AlarmDetailDTO {
        let alarm = try await authorized(req, .readProject)
        let comments = try await AlarmComment.query(on: req.db).filter(\.$alarm.$id == alarm.requireID()).sort(\.$createdAt).all()
        return AlarmDetailDTO(alarm: AlarmDTO(alarm), comments: comments.map { .init(author: $0.author, text: $0.text, createdAt: $0.createdAt) })
    }

    @Sendable static func acknowledge(_ req: Request) async throws -> AlarmDTO {
        let body = try req.content.decode(AcknowledgeAlarmRequest.self)
        let alarm = try await authorized(req, .handleAlarms)
        try await req.write { try await AlarmService.acknowledge(alarm, comment: body.comment, writes: $0) }
        return AlarmDTO(alarm)
    }

    @Sendable static func comment(_ req: Request) async throws -> AlarmDTO {
        let body = try req.content.decode(AlarmCommentRequest.self)
        let alarm = try await authorized(req, .handleAlarms)
        try await req.write { try await AlarmService.addComment(body.text, to: alarm, writes: $0) }
        return AlarmDTO(alarm)
    }

    @Sendable static func assign(_ req: Request) async throws -> AlarmDTO {
        let body = try req.content.decode(AssignAlarmRequest.self)
        let alarm = try await authorized(req, .handleAlarms)
        try await req.write { try await AlarmService.assign(alarm, to: body.assigneeId, writes: $0) }
        return AlarmDTO(alarm)
    }

    @Sendable static func rectify(_ req: Request) async throws -> AlarmDTO {
        let body = try req.content.decode(RectifyAlarmRequest.self)
        let alarm = try await authorized(req, .rectifyAlarms)
        try await req.write { try await AlarmService.rectify(alarm, reply: body.reply, photos: body.photos ?? [], writes: $0) }
        return AlarmDTO(alarm)
    }

    /// The alarm, once `action` is allowed on its project; 404 when the caller may not know it.
    static func authorized(_ req: Request, _ action: Action) async throws -> Alarm {
        guard let alarm = try await Alarm.find(req.parameter("alarm"), on: req.db) else { throw APIError.notFound("alarm", zh: "告警") }
        do {
            _ = try await ProjectScope.snapshot(alarm.$project.id, action, for: req.requireCaller().principal, ledger: req.siteLedger, on: req.db)
        } catch let error as APIError where error.status == .notFound {
            throw APIError.notFound("alarm", zh: "告警")
        }
        return alarm
    }
}

enum RulesController {
    /// The table in force for a project.
    @Sendable static func project(_ req: Request) async throws -> RuleTable {
        let project = try await ProjectScope.snapshot(req.parameter("project"), .readProject, for: req.requireCaller().principal, ledger: req.siteLedger, on: req.db)
        return try await RuleBook.table(regionCode: project.facts.regionCode, project: project.facts.id, on: req.db)
    }

    @Sendable static func setProject(_ req: Request) async throws -> RuleTable {
        let body = try req.content.decode(RuleOverrides.self)
        let project = try await ProjectScope.snapshot(req.parameter("project"), .setProjectRules, for: req.requireCaller().principal, ledger: req.siteLedger, on: req.db).facts
        let regional = try await RuleBook.table(regionCode: project.regionCode, project: UUID(), on: req.db)
        try await req.write { try await RuleBook.store(body, scope: "project:\(project.id)", over: regional, writes: $0) }
        return try await RuleBook.table(regionCode: project.regionCode, project: project.id, on: req.db)
    }

    /// A province (2 digits), city (4) or county (6) sets its own table over the one above.
    @Sendable static func setRegion(_ req: Request) async throws -> RuleTable {
        let body = try req.content.decode(RuleOverrides.self)
        guard let region = req.parameters.get("region"), [2, 4, 6].contains(region.count), region.allSatisfy(\.isNumber) else {
            throw APIError.notFound("region", zh: "行政区划")
        }
        try req.authorize(.setRegionRules(region: region))
        let above = try await RuleBook.table(regionCode: String(region.dropLast(2)), project: UUID(), on: req.db)
        try await req.write { try await RuleBook.store(body, scope: "region:\(region)", over: above, writes: $0) }
        return try await RuleBook.table(regionCode: region, project: UUID(), on: req.db)
    }
}
