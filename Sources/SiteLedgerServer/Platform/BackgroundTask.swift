import Vapor

/// Work that runs while the application runs (the ledger integrator, the monitoring worker),
/// cancelled and awaited at shutdown.
struct BackgroundTask: LifecycleHandler {
    let task: Task<Void, Never>

    init(_ task: Task<Void, Never>) {
        self.task = task
    }

    func shutdownAsync(_ application: Application) async {
        task.cancel()
        await task.value
    }
}
