import NIOCore

/// Runs a task's jobs on one NIO event loop. A task that mostly waits for a database
/// connection bound to that loop then resumes where the answer arrives, instead of waking
/// another thread for every statement.
final class EventLoopExecutor: TaskExecutor {
    let loop: any EventLoop

    init(_ loop: any EventLoop) {
        self.loop = loop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        loop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
