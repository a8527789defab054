@preconcurrency import CNcursesw
import Dispatch
import Foundation
import NubladaEngine

/// Runs the interactive dashboard until `q`, ctrl-c or a signal: the terminal, the event
/// loop (stdin, signals, a 1-second timer, `dispatchMain`) and background refreshes.
///
///     try DashboardRuntime(options: options, refresh: { .success(try fetchDashboardData()) }).run()
///
/// `refresh` blocks (network); it runs on a background queue, never twice at once. Errors
/// it throws are shown in the status line and retried with backoff; the last good data stays.
public final class DashboardRuntime: Sendable {
    public let options: DashboardOptions
    private let refresh: @Sendable () throws -> RefreshOutcome
    private let resolveDigest: @Sendable (String) throws -> String

    /// - Parameter resolveDigest: looks up the digest a tag points at now (a Docker source's
    ///   `HEAD`); blocks, runs in the background like `refresh`.
    public init(options: DashboardOptions, refresh: @escaping @Sendable () throws -> RefreshOutcome,
                resolveDigest: @escaping @Sendable (String) throws -> String = { _ in throw DigestLookupUnavailable() }) {
        self.options = options
        self.refresh = refresh
        self.resolveDigest = resolveDigest
    }

    /// Takes over the terminal and never returns: exits 0 on `q`/ctrl-c and 128+n on
    /// SIGINT, SIGTERM, SIGHUP or SIGQUIT, restoring the terminal first. Throws `TerminalError` before
    /// touching the screen when stdin/stdout is not a usable terminal.
    ///
    /// Call it on the main thread (top-level code or a synchronous `ParsableCommand.run()`):
    /// it ends in `dispatchMain()`.
    public func run() throws -> Never {
        dispatchPrecondition(condition: .onQueue(.main))
        try MainActor.assumeIsolated { try start() }
        dispatchMain()
    }

    @MainActor
    private func start() throws {
        setlocale(LC_ALL, "")
        var options = self.options
        if nd_locale_is_utf8() == 0 { options.ascii = true }
        let noColor = !(ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
        for signal in EventLoop.exitSignals + [SIGWINCH] { Glibc.signal(signal, SIG_IGN) }
        let terminal = try NcursesTerminal(noColor: noColor, mouse: options.mouse)
        TerminalGuard.install()
        let loop = EventLoop(options: options, terminal: terminal,
                             worker: RefreshWorker(refresh: refresh, resolveDigest: resolveDigest))
        loop.start()
        EventLoop.current = loop
    }
}

/// The main-queue side of the runtime: owns the state, the terminal and the event sources.
@MainActor
final class EventLoop {
    /// Signals that end the dashboard cleanly (restore the terminal, exit 128+n). Each is set
    /// to SIG_IGN and read from a dispatch source instead. For SIGQUIT this also replaces the
    /// Swift runtime's crash handler, which would otherwise print a backtrace over the screen
    /// and, on a terminal, wait for "Press space to interact" while swallowing a key.
    static let exitSignals: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT]
    /// The running loop (kept alive for the life of the process).
    static var current: EventLoop?

    private var state: DashboardState
    private let terminal: NcursesTerminal
    private let worker: RefreshWorker
    private let themeLoader = ThemeLoader()
    private var grid = CellGrid(cols: 0, rows: 0)
    private var sources: [any DispatchSourceProtocol] = []
    private var emptyReads = 0

    init(options: DashboardOptions, terminal: NcursesTerminal, worker: RefreshWorker) {
        self.terminal = terminal
        self.worker = worker
        let size = terminal.updateSize()
        let loaded = themeLoader.load(options.theme)
        terminal.apply(loaded.theme)
        state = DashboardState(options: options, now: EventLoop.now(), cols: size.cols, rows: size.rows,
                               themeName: loaded.theme.name)
        if let problem = loaded.problem {
            _ = update(&state, .themeApplied(name: loaded.theme.name, problem: problem))
        }
    }

    static func now() -> Double { Date().timeIntervalSince1970 }

    /// Installs the event sources and shows the first frame.
    func start() {
        let input = DispatchSource.makeReadSource(fileDescriptor: STDIN_FILENO, queue: .main)
        input.setEventHandler { [unowned self] in MainActor.assumeIsolated { self.readInput() } }
        sources.append(input)

        for signal in EventLoop.exitSignals {
            let source = DispatchSource.makeSignalSource(signal: signal, queue: .main)
            source.setEventHandler { [unowned self] in MainActor.assumeIsolated { () -> Void in self.exit(code: 128 + signal) } }
            sources.append(source)
        }
        let resize = DispatchSource.makeSignalSource(signal: SIGWINCH, queue: .main)
        resize.setEventHandler { [unowned self] in MainActor.assumeIsolated { self.resized() } }
        sources.append(resize)

        let timer = DispatchSource.makeTimerSource(queue: .main)
        timer.schedule(deadline: .now() + 1, repeating: 1, leeway: .milliseconds(50))
        timer.setEventHandler { [unowned self] in MainActor.assumeIsolated { self.send([.tick(now: EventLoop.now())]) } }
        sources.append(timer)

        for source in sources { source.resume() }
        send([.tick(now: EventLoop.now())])
    }

    /// Applies messages, carries out their effects, then paints one frame.
    private func send(_ messages: [DashboardMessage]) {
        for message in messages {
            for effect in update(&state, message) { perform(effect) }
        }
        render(state, into: &grid)
        terminal.paint(grid)
    }

    private func perform(_ effect: DashboardEffect) {
        switch effect {
        case .requestRefresh:
            worker.start { [unowned self] result in self.send([.refreshFinished(result)]) }
        case .resolveDigest(let tag):
            worker.resolve(tag) { [unowned self] result in self.send([.digestResolved(tag: tag, result)]) }
        case .quit:
            exit(code: 0)
        case .repaint:
            terminal.forceFullRepaint()
        case .applyTheme(let name):
            let loaded = themeLoader.load(.named(name))
            terminal.apply(loaded.theme)
            for effect in update(&state, .themeApplied(name: loaded.theme.name, problem: loaded.problem)) {
                perform(effect)
            }
        }
    }

    private func readInput() {
        var messages: [DashboardMessage] = []
        for input in terminal.readInput() {
            switch input {
            case .key(let key): messages.append(.key(key))
            case .mouse(let event): messages.append(.mouse(event))
            case .resize:
                let size = terminal.updateSize()
                messages.append(.resize(cols: size.cols, rows: size.rows))
            }
        }
        // A readable stdin that never yields input is a closed terminal: do not spin on it.
        emptyReads = messages.isEmpty ? emptyReads + 1 : 0
        if emptyReads > 200 { exit(code: 128 + SIGHUP) }
        if !messages.isEmpty { send(messages) }
    }

    private func resized() {
        let size = terminal.updateSize()
        send([.resize(cols: size.cols, rows: size.rows)])
    }

    private func exit(code: Int32) -> Never {
        for source in sources { source.cancel() }
        terminal.restore()
        Foundation.exit(code)
    }
}
