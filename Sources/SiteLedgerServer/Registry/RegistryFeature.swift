import Vapor
import Fluent
import SiteLedgerCore

struct RegistryFeature: Feature {
    var migrations: [any Migration] {
        [CreateProjects(), CreateParticipants(), CreateBuildings(), CreateBuildingEvents(), CreateCodeSequences(), CreateRegions()]
    }

    func routes(api: any RoutesBuilder, unauthenticated: any RoutesBuilder, web: any RoutesBuilder) throws {
        api.get("regions", use: RegionsController.list)

        let projects = api.grouped("projects")
        projects.get(use: ProjectsController.list)
        projects.post(use: ProjectsController.create)
        let project = projects.grouped(":project")
        project.get(use: ProjectsController.get)
        project.patch(use: ProjectsController.update)
        project.post("status", use: ProjectsController.changeStatus)
        project.get("participants", use: ProjectsController.participants)
        project.post("participants", use: ProjectsController.addParticipant)
        project.patch("participants", ":participant", use: ProjectsController.updateParticipant)
        project.get("buildings", use: ProjectsController.buildings)
        project.post("buildings", use: ProjectsController.createBuilding)

        let building = api.grouped("buildings", ":code")
        building.get(use: BuildingsController.get)
        building.post("events", use: BuildingsController.postEvent)
        building.get("timeline", use: BuildingsController.timeline)

        RegistryPages.routes(web)
    }

    var ledgerSubjects: [LedgerSubject] {
        let inProject: @Sendable (UUID, any Database) async throws -> (action: Action, project: ProjectFacts?) = { id, db in
            (.readProject, try await ProjectService.facts(ProjectService.find(id, on: db), on: db))
        }
        return [
            .model("project", Project.self, record: { project, _ in try ProjectDTO(project, regions: RegionTable([])) },
                   access: { try await inProject($0.requireID(), $1) }, invalidates: [.projects]),
            .model("participant", Participant.self, record: { participant, _ in try ParticipantDTO(participant) },
                   access: { try await inProject($0.$project.id, $1) }, invalidates: [.projects]),
            .model("building", Building.self, record: { building, _ in try BuildingDTO(building) }, access: { try await inProject($0.$project.id, $1) }),
            .model("building-event", BuildingEvent.self, record: { event, db in
                try await BuildingEventDTO(event, buildingCode: event.$building.get(on: db).code)
            }, access: { event, db in try await inProject(event.$building.get(on: db).$project.id, db) }),
        ]
    }
}
