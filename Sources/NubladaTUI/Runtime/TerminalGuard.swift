@preconcurrency import CNcursesw
import Glibc

/// Actions that were installed before ours, by signal number, so a crash still reaches the
/// Swift backtracer (or the default action) after the terminal is restored.
// Unchecked: read in a crash handler, where no lock may be taken; written before the handlers exist.
nonisolated(unsafe) private var previousCrashActions = [SignalAction](repeating: SignalAction(), count: 65)
private typealias SignalAction = sigaction

/// Last-resort terminal restoration: `endwin()` at exit and when the process crashes (Swift
/// traps, segfaults); the crash then proceeds with the handler that was there before.
enum TerminalGuard {
    static let crashSignals: [Int32] = [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE]

    static func install() {
        atexit { endwin() }
        for signal in crashSignals {
            var action = SignalAction()
            action.__sigaction_handler.sa_handler = { number in
                endwin()
                var previous = previousCrashActions[Int(number)]
                sigaction(number, &previous, nil)
                raise(number)
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = Int32(bitPattern: UInt32(SA_RESETHAND))
            sigaction(signal, &action, &previousCrashActions[Int(signal)])
        }
    }
}
