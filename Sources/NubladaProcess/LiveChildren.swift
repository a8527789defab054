import CSpawn
import Dispatch
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Every child this process has started and not yet reaped, with its process group when it
/// has one. A credential helper that hangs (or leaves children behind) must not outlive
/// nubladash: whatever way the program ends through `exit` (a finished or failed snapshot,
/// `q`, a handled SIGTERM, SIGHUP or SIGINT, a closed pane), `terminateAll()` kills and reaps
/// them, and it is registered with `atexit` as soon as the first child starts.
///
/// Once `terminateAll()` has run the process is shutting down and no child starts any more:
/// a request still running on another thread (an informer's re-list, the second of two
/// requests that waited for the same credential) would otherwise start a plugin after the
/// kill, and it would outlive nubladash. The check and the start happen under one lock, so
/// a child is either started before the kill (and killed with the rest) or not at all.
public enum LiveChildren {
    private static let state = Mutex(State())

    private struct State {
        /// pid → whether it leads a process group of its own.
        var children: [pid_t: Bool] = [:]
        var exitHookInstalled = false
        var shuttingDown = false
    }

    /// Kept for the life of the process (a released dispatch source stops delivering).
    private static let signalSources = Mutex<[any DispatchSourceSignal]>([])

    /// The pids not yet reaped (for tests).
    public static var pids: [pid_t] { state.withLock { $0.children.keys.sorted() } }

    /// Runs `start` (which starts a child and returns its pid, with whatever else must be had
    /// before anyone can reap it) and records the child, unless the process is shutting down;
    /// then nothing starts and `ChildProcessError` says why.
    static func start<Extra>(_ executable: String, group: Bool,
                             _ start: () throws -> (pid: pid_t, extra: Extra)) throws -> (pid: pid_t, extra: Extra) {
        try state.withLock { state in
            if state.shuttingDown { throw ChildProcessError(executable, "nubladash is exiting") }
            let started = try start()
            let pid = started.pid
            state.children[pid] = group
            if !state.exitHookInstalled {
                state.exitHookInstalled = true
                atexit { LiveChildren.terminateAll() }
            }
            return started
        }
    }

    /// Called once the child has exited and before it is reaped, so its pid (and group id)
    /// cannot have been reused by then.
    static func remove(_ pid: pid_t) {
        state.withLock { $0.children[pid] = nil }
    }

    /// The signals that end a command: a terminal's ctrl-c (which does not reach a child in a
    /// process group of its own), `kill`, a closed terminal, SIGQUIT.
    public static let terminationSignals: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT]

    /// For commands that own no terminal (snapshot, auth-check): each termination signal makes
    /// the program exit with 128 + its number, its children killed first.
    /// (The dashboard handles these signals itself.)
    public static func exitOnTerminationSignals() {
        // `_exit` after killing the children, not `exit`: the main thread, woken by its helper's
        // death, may be on its way to exit 1 at the same moment, and two `exit`s race.
        onTerminationSignals(queue: .global()) { signal in
            terminateAll()
            _exit(128 + signal)
        }
    }

    /// Runs `handler` on `queue` for each termination signal. Call it before starting any
    /// thread: the signals are blocked in the calling thread, so in every thread it starts
    /// afterwards, and wait for the dispatch sources (which read them through a signalfd)
    /// instead of landing on a thread where they would be lost.
    public static func onTerminationSignals(queue: DispatchQueue, _ handler: @escaping @Sendable (Int32) -> Void) {
        var blocked = sigset_t()
        sigemptyset(&blocked)
        for signalNumber in terminationSignals { sigaddset(&blocked, signalNumber) }
        pthread_sigmask(SIG_BLOCK, &blocked, nil)
        for signalNumber in terminationSignals {
            signal(signalNumber, SIG_IGN)
            signalSources.withLock { sources in
                let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: queue)
                source.setEventHandler { handler(signalNumber) }
                source.resume()
                sources.append(source)
            }
        }
    }

    /// How long `terminateAll()` waits for the killed children to be reapable, in total.
    static let reapBound: Double = 2

    /// For a thread about to end the process on its own (a command that failed): while a
    /// termination signal is being handled, its children killed, the process is about to exit
    /// 128 + the signal, and a thread woken by a killed child's death must not exit first with
    /// its own status. Waits for that exit (bounded: the handler's reaping takes at most
    /// `reapBound`), else returns at once.
    public static func yieldToSignalExit() {
        guard state.withLock({ $0.shuttingDown }) else { return }
        Thread.sleep(forTimeInterval: reapBound + 1)
    }

    /// Marks the process as shutting down (no child starts from now on), sends SIGKILL to every
    /// live child, and to the whole process group of those that lead one, and reaps them
    /// (waiting at most `reapBound` seconds in all: a child stuck in the kernel is left to init).
    /// Safe to call more than once, and from any thread. A thread waiting for one of these
    /// children then finds it gone and reports it killed.
    public static func terminateAll() {
        state.withLock { state in
            state.shuttingDown = true
            for (pid, group) in state.children {
                _ = kill(group ? -pid : pid, SIGKILL)
            }
            let deadline = Date().addingTimeInterval(reapBound)
            for pid in state.children.keys where reap(pid, until: deadline) {
                state.children[pid] = nil
            }
        }
    }

    /// Waits (through a pidfd, until `deadline`) for a killed child to exit, then reaps it.
    /// True once it is reaped, or was already (by a thread that waited for it).
    private static func reap(_ pid: pid_t, until deadline: Date) -> Bool {
        let exitDescriptor = cspawn_pidfd_open(pid)
        if exitDescriptor >= 0 {
            defer { close(exitDescriptor) }
            var entry = pollfd(fd: exitDescriptor, events: Int16(POLLIN), revents: 0)
            while entry.revents == 0 {
                let remaining = Int32(max(0, deadline.timeIntervalSinceNow * 1000))
                let ready = poll(&entry, 1, remaining)
                if ready == 0 || (ready < 0 && errno != EINTR) { break }
            }
        }
        var status: Int32 = 0
        let reaped = waitpid(pid, &status, WNOHANG)
        return reaped == pid || (reaped < 0 && errno == ECHILD)
    }
}

