import Dispatch
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Every child this process has started and not yet reaped, with its process group when it
/// has one. A credential helper that hangs (or leaves children behind) must not outlive
/// nubladash: whatever way the program ends through `exit` (a finished or failed snapshot,
/// `q`, a handled SIGTERM, SIGHUP or SIGINT, a closed pane), `terminateAll()` kills them, and
/// it is registered with `atexit` as soon as the first child starts.
public enum LiveChildren {
    private static let state = Mutex(State())

    private struct State {
        /// pid → whether it leads a process group of its own.
        var children: [pid_t: Bool] = [:]
        var exitHookInstalled = false
    }

    /// Kept for the life of the process; appended to under `state`'s lock (dispatch sources
    /// are not Sendable, so they cannot live inside it).
    nonisolated(unsafe) private static var signalSources: [any DispatchSourceSignal] = []

    /// The pids not yet reaped (for tests).
    public static var pids: [pid_t] { state.withLock { $0.children.keys.sorted() } }

    static func add(_ pid: pid_t, group: Bool) {
        state.withLock { state in
            state.children[pid] = group
            if !state.exitHookInstalled {
                state.exitHookInstalled = true
                atexit { LiveChildren.terminateAll() }
            }
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
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: queue)
            source.setEventHandler { handler(signalNumber) }
            source.resume()
            state.withLock { _ in signalSources.append(source) }
        }
    }

    /// Sends SIGKILL to every live child, and to the whole process group of those that lead
    /// one. Safe to call more than once; the children are reaped by whoever waits for them
    /// (or by init once this process has gone).
    public static func terminateAll() {
        state.withLock { state in
            for (pid, group) in state.children {
                _ = kill(group ? -pid : pid, SIGKILL)
            }
        }
    }
}

