import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Every child this process has started and not yet reaped, with its process group when it
/// has one. A credential helper that hangs (or leaves children behind) must not outlive
/// nubladash: whatever way the program ends through `exit` (a finished or failed snapshot,
/// `q`, a handled SIGTERM, SIGHUP or SIGINT, a closed pane), `terminateAll()` kills them, and
/// it is registered with `atexit` as soon as the first child starts.
public enum LiveChildren {
    private static let lock = NSLock()
    /// pid → whether it leads a process group of its own.
    nonisolated(unsafe) private static var children: [pid_t: Bool] = [:]
    nonisolated(unsafe) private static var exitHookInstalled = false

    /// The pids not yet reaped (for tests).
    public static var pids: [pid_t] {
        lock.lock()
        defer { lock.unlock() }
        return children.keys.sorted()
    }

    static func add(_ pid: pid_t, group: Bool) {
        lock.lock()
        defer { lock.unlock() }
        children[pid] = group
        if !exitHookInstalled {
            exitHookInstalled = true
            atexit { LiveChildren.terminateAll() }
        }
    }

    /// Called once the child has exited and before it is reaped, so its pid (and group id)
    /// cannot have been reused by then.
    static func remove(_ pid: pid_t) {
        lock.lock()
        children[pid] = nil
        lock.unlock()
    }

    /// Sends SIGKILL to every live child, and to the whole process group of those that lead
    /// one. Safe to call more than once; the children are reaped by whoever waits for them
    /// (or by init once this process has gone).
    public static func terminateAll() {
        lock.lock()
        defer { lock.unlock() }
        for (pid, group) in children {
            _ = kill(group ? -pid : pid, SIGKILL)
        }
    }
}
