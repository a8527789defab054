import Dispatch
import Foundation
import Synchronization

/// Refreshes many environments, each on its own schedule: the dashboard's overview and the
/// multi-environment snapshot. Each refresh runs on a thread of its own (blocking libcurl I/O,
/// never the Swift concurrency pool) as soon as it is due, and an environment is never
/// refreshed twice at once, so at most one thread per environment waits on the network.
/// What bounds the work is `RefreshSlots`, which a job takes for its evaluation only: a
/// waiting request is not work, so an environment whose servers never answer delays nobody
/// else's refresh. Callers (`refreshNow`, `stop`) never wait.
public final class RefreshScheduler: Sendable {
    /// One environment's refresh. `run` blocks for the whole refresh and returns the seconds
    /// to wait before the next one (its interval, or a backoff after a failure).
    public struct Job: Sendable {
        public var name: String
        public var run: @Sendable () -> Double

        public init(name: String, run: @escaping @Sendable () -> Double) {
            self.name = name
            self.run = run
        }
    }

    public let jobs: [Job]
    private let now: @Sendable () -> Double
    private let state: Mutex<Schedule>
    private let timerQueue = DispatchQueue(label: "nubladash.environments.timer")
    /// Dispatch sources are thread-safe; the Dispatch overlay just does not say so.
    nonisolated(unsafe) private let timer: any DispatchSourceTimer

    private struct Schedule {
        /// When each job is next due (`infinity` while it runs).
        var due: [Double]
        var inFlight: [Bool]
        var running = 0
        var stopped = false
        /// Most jobs ever in flight at once.
        var peak = 0
    }

    public init(jobs: [Job], now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) {
        self.jobs = jobs
        self.now = now
        state = Mutex(Schedule(due: Array(repeating: .infinity, count: jobs.count),
                               inFlight: Array(repeating: false, count: jobs.count)))
        timer = DispatchSource.makeTimerSource(queue: timerQueue)
        // Resumed at once (a dispatch source released while suspended traps); it fires only once scheduled.
        timer.setEventHandler { [weak self] in self?.pump() }
        timer.resume()
    }

    /// Starts every job now, then each on its own schedule. Without `start`, a job runs only
    /// when asked (`refreshNow`): the dashboard's overview, whose environments keep their own
    /// schedules, uses it so.
    public func start() {
        refreshAll()
    }

    /// Stops starting refreshes; those in flight finish on their own threads.
    public func stop() {
        state.withLock { $0.stopped = true }
        timer.cancel()
    }

    /// Makes job `index` due now (nothing when it is running already).
    public func refreshNow(_ index: Int) {
        guard jobs.indices.contains(index) else { return }
        state.withLock { if !$0.inFlight[index] { $0.due[index] = 0 } }
        pump()
    }

    /// Makes every job due now.
    public func refreshAll() {
        state.withLock { schedule in
            for index in jobs.indices where !schedule.inFlight[index] { schedule.due[index] = 0 }
        }
        pump()
    }

    /// Refreshes in flight now, and the most ever in flight at once.
    public var load: (running: Int, peak: Int) { state.withLock { ($0.running, $0.peak) } }

    /// Starts what is due and sets the timer for the next due job.
    private func pump() {
        let time = now()
        let (launch, wake) = state.withLock { schedule -> ([Int], Double?) in
            guard !schedule.stopped else { return ([], nil) }
            let idle = jobs.indices.filter { !schedule.inFlight[$0] }
            let launch = idle.filter { schedule.due[$0] <= time }
            for index in launch {
                schedule.inFlight[index] = true
                schedule.due[index] = .infinity
            }
            schedule.running += launch.count
            schedule.peak = max(schedule.peak, schedule.running)
            let next = idle.filter { schedule.due[$0] > time }.map { schedule.due[$0] }.min()
            return (launch, next)
        }
        for index in launch { run(index) }
        if let wake, wake.isFinite {
            timer.schedule(deadline: .now() + max(0, min(wake - time, 86_400)), leeway: .milliseconds(100))
        }
    }

    private func run(_ index: Int) {
        let job = jobs[index]
        let thread = Thread { [self] in
            let delay = job.run()
            let finished = now()
            state.withLock { schedule in
                schedule.inFlight[index] = false
                schedule.running -= 1
                schedule.due[index] = min(schedule.due[index], finished + max(0, delay))
            }
            pump()
        }
        thread.name = "nubladash.refresh.\(job.name)"
        thread.start()
    }
}
