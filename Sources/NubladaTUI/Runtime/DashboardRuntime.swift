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
    private let waitingOn: @Sendable () -> [String]

    /// - Parameters:
    ///   - resolveDigest: looks up the digest a tag points at now (a Docker source's `HEAD`);
    ///     blocks, runs in the background like `refresh`.
    ///   - waitingOn: the hosts the running refresh still waits on; never blocks (asked once a
    ///     second while a refresh runs).
    public init(options: DashboardOptions, refresh: @escaping @Sendable () throws -> RefreshOutcome,
                resolveDigest: @escaping @Sendable (String) throws -> String = { _ in throw DigestLookupUnavailable() },
                waitingOn: @escaping @Sendable () -> [String] = { [] }) {
        self.options = options
        self.refresh = refresh
        self.resolveDigest = resolveDigest
        self.waitingOn = waitingOn
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
        let session = try TerminalSession(ascii: options.ascii, mouse: options.mouse)
        var options = self.options
        options.ascii = session.ascii
        let loop = EventLoop(options: options, session: session,
                             worker: RefreshWorker(refresh: refresh, resolveDigest: resolveDigest), waitingOn: waitingOn)
        loop.start()
        EventLoop.current = loop
    }
}

/// The main-queue side of the runtime: owns the state and the terminal session.
@MainActor
final class EventLoop {
    /// The running loop (kept alive for the life of the process).
    static var current: EventLoop?

    private var state: DashboardState
    private let session: TerminalSession
    private var terminal: NcursesTerminal { session.terminal }
    private let worker: RefreshWorker
    private let waitingOn: @Sendable () -> [String]
    private var grid = CellGrid(cols: 0, rows: 0)

    init(options: DashboardOptions, session: TerminalSession, worker: RefreshWorker,
         waitingOn: @escaping @Sendable () -> [String] = { [] }) {
        self.session = session
        self.worker = worker
        self.waitingOn = waitingOn
        let size = session.terminal.updateSize()
        let loaded = session.applyTheme(options.theme)
        state = DashboardState(options: options, now: session.now, cols: size.cols, rows: size.rows,
                               themeName: loaded.theme.name)
        if let problem = loaded.problem {
            _ = update(&state, .themeApplied(name: loaded.theme.name, problem: problem))
        }
    }

    /// Installs the event sources and shows the first frame.
    func start() {
        session.start { [unowned self] (messages: [DashboardMessage]) in self.send(messages) }
        send([.tick(now: session.now)])
    }

    /// Applies messages, carries out their effects, then paints one frame.
    private func send(_ messages: [DashboardMessage]) {
        for message in messages {
            for effect in update(&state, message) { perform(effect) }
            // What a running refresh still waits on, so that a long wait names its hosts.
            if case .tick = message, state.refresh.inFlight { _ = update(&state, .refreshWaiting(hosts: waitingOn())) }
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
            session.exit(code: 0)
        case .repaint:
            terminal.forceFullRepaint()
        case .applyTheme(let name):
            let loaded = session.applyTheme(.named(name))
            for effect in update(&state, .themeApplied(name: loaded.theme.name, problem: loaded.problem)) {
                perform(effect)
            }
        }
    }
}
