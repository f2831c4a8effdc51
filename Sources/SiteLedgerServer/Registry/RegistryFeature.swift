import Vapor
import Fluent

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
}
