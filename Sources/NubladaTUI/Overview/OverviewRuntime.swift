import Dispatch
import Foundation
import NubladaEngine

/// Runs the interactive overview of many environments until `q`, ctrl-c or a signal, on the
/// same terminal session as the dashboard. Refreshes are not run here: the overview asks for
/// them (`requestRefresh`, which must not block: the caller queues them within its bound and
/// runs them on threads of its own) and each finished one is handed back with `deliver`.
public final class OverviewRuntime: Sendable {
    /// One environment as the command line built it.
    public struct Environment: Sendable {
        public var name: String
        /// `GAR host` or `Docker host`.
        public var source: String
        /// Its header's context name, refresh interval, time zone.
        public var options: DashboardOptions

        public init(name: String, source: String, options: DashboardOptions) {
            self.name = name
            self.source = source
            self.options = options
        }
    }

    let environments: [Environment]
    let theme: ThemeChoice
    let ascii: Bool
    let notice: String?
    let requestRefresh: @Sendable (Int) -> Void
    let resolveDigest: @Sendable (Int, String) throws -> String
    let waitingOn: @Sendable (Int) -> [String]

    /// - Parameters:
    ///   - notice: shown first in the status line (the environments file's bad entries).
    ///   - requestRefresh: starts (or queues) environment `index`'s refresh; never blocks.
    ///   - resolveDigest: looks one tag's digest up in an environment (blocks; run in the background).
    ///   - waitingOn: the hosts environment `index`'s running refresh still waits on; never blocks
    ///     (asked once a second for each environment refreshing).
    public init(environments: [Environment], theme: ThemeChoice, ascii: Bool, notice: String? = nil,
                requestRefresh: @escaping @Sendable (Int) -> Void,
                resolveDigest: @escaping @Sendable (Int, String) throws -> String,
                waitingOn: @escaping @Sendable (Int) -> [String] = { _ in [] }) {
        self.environments = environments
        self.theme = theme
        self.ascii = ascii
        self.notice = notice
        self.requestRefresh = requestRefresh
        self.resolveDigest = resolveDigest
        self.waitingOn = waitingOn
    }

    /// Hands a finished refresh of environment `index` to the overview (from any thread).
    public static func deliver(_ index: Int, _ outcome: RefreshOutcome) {
        DispatchQueue.main.async {
            MainActor.assumeIsolated { OverviewLoop.current?.send([.refreshFinished(environment: index, outcome)]) }
        }
    }

    /// Takes over the terminal and never returns (see `DashboardRuntime.run`).
    public func run() throws -> Never {
        dispatchPrecondition(condition: .onQueue(.main))
        try MainActor.assumeIsolated {
            let session = try TerminalSession(ascii: ascii, mouse: true)
            let loop = OverviewLoop(runtime: self, session: session)
            OverviewLoop.current = loop
            loop.start()
        }
        dispatchMain()
    }
}

/// The main-queue side of the overview: its state, the terminal session, the effects.
@MainActor
final class OverviewLoop {
    static var current: OverviewLoop?

    private var state: OverviewState
    private let runtime: OverviewRuntime
    private let session: TerminalSession
    private let digestQueue = DispatchQueue(label: "nubladash.overview.digest", qos: .utility)
    private var grid = CellGrid(cols: 0, rows: 0)

    init(runtime: OverviewRuntime, session: TerminalSession) {
        self.runtime = runtime
        self.session = session
        let size = session.terminal.updateSize()
        let loaded = session.applyTheme(runtime.theme)
        let now = session.now
        let screens = runtime.environments.map { environment in
            var options = environment.options
            options.ascii = session.ascii
            return EnvironmentScreen(name: environment.name, source: environment.source,
                                     dashboard: DashboardState(options: options, now: now, cols: size.cols, rows: size.rows,
                                                               themeName: loaded.theme.name))
        }
        state = OverviewState(environments: screens, now: now, cols: size.cols, rows: size.rows, ascii: session.ascii)
        if let problem = loaded.problem {
            _ = updateOverview(&state, .themeApplied(name: loaded.theme.name, problem: problem))
        }
        if let notice = runtime.notice { state.showNotice(notice, isProblem: true, seconds: 30) }
    }

    func start() {
        session.start { [unowned self] (messages: [OverviewMessage]) in self.send(messages) }
        send([.tick(now: session.now)])
    }

    func send(_ messages: [OverviewMessage]) {
        for message in messages {
            for effect in updateOverview(&state, message) { perform(effect) }
            if case .tick = message { noteWaits() }
        }
        renderOverview(state, into: &grid)
        session.terminal.paint(grid)
    }

    /// What each running refresh still waits on, so that a long wait names its hosts.
    private func noteWaits() {
        for index in state.environments.indices where state.environments[index].dashboard.refresh.inFlight {
            _ = updateOverview(&state, .refreshWaiting(environment: index, hosts: runtime.waitingOn(index)))
        }
    }

    private func perform(_ effect: OverviewEffect) {
        switch effect {
        case .refresh(let index):
            runtime.requestRefresh(index)
        case .resolveDigest(let index, let tag):
            let resolve = runtime.resolveDigest
            digestQueue.async {
                let result = Result { try resolve(index, tag) }.mapError { RefreshFailure($0, failedAt: Date().timeIntervalSince1970) }
                DispatchQueue.main.async {
                    MainActor.assumeIsolated {
                        OverviewLoop.current?.send([.digestResolved(environment: index, tag: tag, result)])
                    }
                }
            }
        case .quit:
            session.exit(code: 0)
        case .repaint:
            session.terminal.forceFullRepaint()
        case .applyTheme(let name):
            let loaded = session.applyTheme(.named(name))
            for effect in updateOverview(&state, .themeApplied(name: loaded.theme.name, problem: loaded.problem)) {
                perform(effect)
            }
        }
    }
}
