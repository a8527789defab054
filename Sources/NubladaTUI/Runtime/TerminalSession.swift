@preconcurrency import CNcursesw
import Dispatch
import Foundation
import NubladaProcess

/// The terminal side of every interactive screen (the dashboard, the overview): takes over
/// the terminal, turns stdin, SIGWINCH and a 1-second timer into the screen's messages on the main
/// queue, and restores the terminal on every exit (`q`, SIGINT, SIGTERM, SIGHUP, SIGQUIT:
/// 128+n; a closed terminal).
@MainActor
final class TerminalSession {
    /// Signals that end the screen cleanly (restore the terminal, exit 128+n). Each is set
    /// to SIG_IGN and read from a dispatch source instead. For SIGQUIT this also replaces the
    /// Swift runtime's crash handler, which would otherwise print a backtrace over the screen
    /// and, on a terminal, wait for "Press space to interact" while swallowing a key.
    static let exitSignals: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT]

    let terminal: NcursesTerminal
    /// ASCII only: asked for, or the locale is not UTF-8.
    let ascii: Bool
    private let themeLoader = ThemeLoader()
    private var sources: [any DispatchSourceProtocol] = []
    private var emptyReads = 0

    /// Opens the terminal; throws `TerminalError` before touching the screen when stdin/stdout
    /// is not a usable terminal.
    init(ascii: Bool, mouse: Bool) throws {
        setlocale(LC_ALL, "")
        self.ascii = ascii || nd_locale_is_utf8() == 0
        let noColor = !(ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
        for signal in Self.exitSignals + [SIGWINCH] { Glibc.signal(signal, SIG_IGN) }
        terminal = try NcursesTerminal(noColor: noColor, mouse: mouse)
        TerminalGuard.install()
    }

    var now: Double { Date().timeIntervalSince1970 }

    /// Loads a theme and applies it to the terminal (the default one, with the problem, when it is broken).
    func applyTheme(_ choice: ThemeChoice) -> LoadedTheme {
        let loaded = themeLoader.load(choice)
        terminal.apply(loaded.theme)
        return loaded
    }

    /// Installs the event sources; `handle` gets each batch of messages (never empty).
    func start<Message: ScreenMessage>(_ handle: @escaping @MainActor ([Message]) -> Void) {
        let input = DispatchSource.makeReadSource(fileDescriptor: STDIN_FILENO, queue: .main)
        input.setEventHandler { [unowned self] in MainActor.assumeIsolated { self.readInput(handle) } }
        sources.append(input)

        for signal in Self.exitSignals {
            let source = DispatchSource.makeSignalSource(signal: signal, queue: .main)
            source.setEventHandler { [unowned self] in MainActor.assumeIsolated { () -> Void in self.exit(code: 128 + signal) } }
            sources.append(source)
        }
        let resize = DispatchSource.makeSignalSource(signal: SIGWINCH, queue: .main)
        resize.setEventHandler { [unowned self] in
            MainActor.assumeIsolated {
                let size = self.terminal.updateSize()
                handle([.resize(cols: size.cols, rows: size.rows)])
            }
        }
        sources.append(resize)

        let timer = DispatchSource.makeTimerSource(queue: .main)
        timer.schedule(deadline: .now() + 1, repeating: 1, leeway: .milliseconds(50))
        timer.setEventHandler { [unowned self] in MainActor.assumeIsolated { handle([.tick(now: self.now)]) } }
        sources.append(timer)

        for source in sources { source.resume() }
    }

    private func readInput<Message: ScreenMessage>(_ handle: @MainActor ([Message]) -> Void) {
        var events: [Message] = []
        for input in terminal.readInput() {
            switch input {
            case .key(let key): events.append(.key(key))
            case .mouse(let event): events.append(.mouse(event))
            case .resize:
                let size = terminal.updateSize()
                events.append(.resize(cols: size.cols, rows: size.rows))
            }
        }
        // A readable stdin that never yields input is a closed terminal: do not spin on it.
        emptyReads = events.isEmpty ? emptyReads + 1 : 0
        if emptyReads > 200 { exit(code: 128 + SIGHUP) }
        if !events.isEmpty { handle(events) }
    }

    func exit(code: Int32) -> Never {
        // First, so that a refresh still running on another thread starts no credential
        // plugin from here on: one started while the terminal is restored would outlive us.
        LiveChildren.terminateAll()
        for source in sources { source.cancel() }
        terminal.restore()
        Foundation.exit(code)
    }
}
