import Foundation

/// A task executor backed by its own threads, so the stand-in's HTTP handlers keep running
/// while callers block the Swift concurrency pool (for example a test waiting in `start()`).
@available(macOS 15.0, iOS 18.0, tvOS 18.0, watchOS 11.0, *)
final class DedicatedExecutor: TaskExecutor, @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var head = 0
    private var stopping = false
    private var running: Int

    /// Starts `threads` worker threads named after `label`.
    init(label: String, threads: Int = 2) {
        running = threads
        for index in 0..<threads {
            let thread = Thread { [self] in work() }
            thread.name = "\(label)-\(index)"
            thread.start()
        }
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        if running == 0 {
            // Shut down: a straggler still gets run, on a global queue.
            condition.unlock()
            let executor = asUnownedTaskExecutor()
            DispatchQueue.global().async { job.runSynchronously(on: executor) }
            return
        }
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    /// Lets the threads finish the queued jobs, then end.
    func shutdown() {
        condition.lock()
        stopping = true
        condition.broadcast()
        condition.unlock()
    }

    private func work() {
        let executor = asUnownedTaskExecutor()
        while true {
            condition.lock()
            while head == jobs.count && !stopping { condition.wait() }
            if head == jobs.count {
                running -= 1
                condition.unlock()
                return
            }
            let job = jobs[head]
            head += 1
            if head > 1024 && head * 2 > jobs.count {
                jobs.removeFirst(head)
                head = 0
            }
            condition.unlock()
            job.runSynchronously(on: executor)
        }
    }
}
