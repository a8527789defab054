import Foundation
#if canImport(CMalloc)
import CMalloc
#endif

/// Settings read once, when the process starts, that the long-lived dashboard needs; it sets
/// those that are unset and starts itself again, once (a value the user set is kept).
/// - `SWIFT_BACKTRACE=interactive=no`: the runtime's crash backtracer by default waits 30 s on
///   a terminal for "Press space to interact"; over a dashboard that would swallow keys and
///   leave the screen garbled. A crash still prints its backtrace, after the terminal is restored.
/// - `MALLOC_ARENA_MAX=2`: glibc gives threads that allocate their own malloc arenas, up to eight
///   per core; refreshes run on threads of their own (many environments at once), and freed
///   pictures spread over many arenas kept the resident size creeping up for minutes.
enum StartupEnvironment {
    static let settings = [("SWIFT_BACKTRACE", "interactive=no"), ("MALLOC_ARENA_MAX", "2")]

    /// Replaces this process with itself under `settings` unless each is already set (by the
    /// user, or by this very step); returns when they are.
    static func ensure() {
        let environment = ProcessInfo.processInfo.environment
        var changed = false
        for (variable, value) in settings where environment[variable] == nil {
            guard setenv(variable, value, 1) == 0 else { return }
            changed = true
        }
        guard changed else { return }
        let arguments = CommandLine.arguments
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        execv("/proc/self/exe", &argv)
        // exec failed (no /proc): carry on with the runtime's defaults.
        for pointer in argv { free(pointer) }
    }
}

/// How a one-shot command (`snapshot`) allocates: it reads a large cluster once and exits, so
/// it grows its heap in large steps and keeps what it frees for reuse instead of handing pages
/// back to the kernel and faulting fresh ones in (a third of its system time at 10,000 nodes).
enum OneShotMalloc {
    static func configure() {
        #if canImport(CMalloc)
        mallopt(M_ARENA_MAX, 2)
        mallopt(M_TOP_PAD, 32 << 20)
        mallopt(M_MMAP_THRESHOLD, 32 << 20)
        mallopt(M_TRIM_THRESHOLD, 512 << 20)
        #endif
    }
}
