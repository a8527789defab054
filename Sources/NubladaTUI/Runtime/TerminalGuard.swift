@preconcurrency import CNcursesw
import Glibc

/// Last-resort terminal restoration: `endwin()` at exit and when the process crashes
/// (Swift traps, segfaults), then the crash proceeds with the default action.
enum TerminalGuard {
    static let crashSignals: [Int32] = [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE]

    static func install() {
        atexit { endwin() }
        for signal in crashSignals {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { number in
                endwin()
                Glibc.signal(number, SIG_DFL)
                raise(number)
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = Int32(SA_RESETHAND)
            sigaction(signal, &action, nil)
        }
    }
}
