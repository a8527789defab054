import Foundation
import Synchronization

/// A task executor backed by its own threads, so the stand-in's HTTP handlers keep running
/// while callers block the Swift concurrency pool (for example a test waiting in `start()`).
@available(macOS 15.0, iOS 18.0, tvOS 18.0, watchOS 11.0, *)
final class DedicatedExecutor: TaskExecutor, Sendable {
    private struct Queue {
        var jobs: [UnownedJob] = []
        var head = 0
        var stopping = false
        var running: Int
    }

    private let queue: Mutex<Queue>
    /// Wakes idle threads; every change of `queue` a thread waits for is made holding it.
    private let condition = NSCondition()

    /// Starts `threads` worker threads named after `label`.
    init(label: String, threads: Int = 2) {
        queue = Mutex(Queue(running: threads))
        for index in 0..<threads {
            let thread = Thread { [self] in work() }
            thread.name = "\(label)-\(index)"
            thread.start()
        }
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        let queued = queue.withLock { queue -> Bool in
            guard queue.running > 0 else { return false }
            queue.jobs.append(job)
            return true
        }
        if queued { condition.signal() }
        condition.unlock()
        if !queued {
            // Shut down: a straggler still gets run, on a global queue.
            let executor = asUnownedTaskExecutor()
            DispatchQueue.global().async { job.runSynchronously(on: executor) }
        }
    }

    /// Lets the threads finish the queued jobs, then end.
    func shutdown() {
        condition.lock()
        queue.withLock { $0.stopping = true }
        condition.broadcast()
        condition.unlock()
    }

    /// The next job, nil when the executor is shut down and its queue empty (the thread ends).
    private func next() -> UnownedJob? {
        condition.lock()
        defer { condition.unlock() }
        while true {
            enum Next { case job(UnownedJob), wait, end }
            let next = queue.withLock { queue -> Next in
                if queue.head < queue.jobs.count {
                    let job = queue.jobs[queue.head]
                    queue.head += 1
                    if queue.head > 1024 && queue.head * 2 > queue.jobs.count {
                        queue.jobs.removeFirst(queue.head)
                        queue.head = 0
                    }
                    return .job(job)
                }
                guard queue.stopping else { return .wait }
                queue.running -= 1
                return .end
            }
            switch next {
            case .job(let job): return job
            case .end: return nil
            case .wait: condition.wait()
            }
        }
    }

    private func work() {
        let executor = asUnownedTaskExecutor()
        while let job = next() {
            job.runSynchronously(on: executor)
        }
    }
}
