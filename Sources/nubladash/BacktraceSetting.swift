import Foundation

/// The Swift runtime's crash backtracer reads `SWIFT_BACKTRACE` once, when the process starts,
/// and by default waits 30 s on a terminal for "Press space to interact" after a crash: over a
/// dashboard that would swallow keys and leave the screen garbled. The dashboard therefore runs
/// with `interactive=no` (a crash still prints its backtrace, after the terminal is restored),
/// set by starting itself again once when the variable is unset.
enum BacktraceSetting {
    static let variable = "SWIFT_BACKTRACE"
    static let value = "interactive=no"

    /// Replaces this process with itself under `SWIFT_BACKTRACE=interactive=no` unless the
    /// variable is already set (by the user, or by this very step); returns when it is.
    static func ensureNonInteractive() {
        guard ProcessInfo.processInfo.environment[variable] == nil, setenv(variable, value, 1) == 0 else { return }
        let arguments = CommandLine.arguments
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        execv("/proc/self/exe", &argv)
        // exec failed (no /proc): carry on with the runtime's default.
        for pointer in argv { free(pointer) }
    }
}
