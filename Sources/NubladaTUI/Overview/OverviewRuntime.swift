import Dispatch
import Foundation
import NubladaEngine
import NubladaWork

/// Runs the overview of many environments until `q`, ctrl-c or a signal, on the same
/// `ProgramLoop` and terminal session as the dashboard. Each environment's own dashboard state
/// says when its refresh is due and whether one runs; a due refresh runs on the refresh
/// executor (waiting on its servers for as long as that takes) and comes back as a message.
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
    let refresh: @Sendable (Int) throws -> RefreshOutcome
    let resolveDigest: @Sendable (Int, String) throws -> String
    let waitingOn: @Sendable (Int) -> [String]
    /// Digest lookups, one at a time, beside the refreshes.
    private let digests = Executor(name: "digest", limit: 1)

    /// - Parameters:
    ///   - notice: shown first in the status line (the environments file's bad entries).
    ///   - refresh: refreshes environment `index` (blocks; never called twice at once for one index).
    ///   - resolveDigest: looks one tag's digest up in an environment (blocks; run in the background).
    ///   - waitingOn: the hosts environment `index`'s running refresh still waits on; never blocks
    ///     (asked once a second for each environment refreshing).
    public init(environments: [Environment], theme: ThemeChoice, ascii: Bool, notice: String? = nil,
                refresh: @escaping @Sendable (Int) throws -> RefreshOutcome,
                resolveDigest: @escaping @Sendable (Int, String) throws -> String,
                waitingOn: @escaping @Sendable (Int) -> [String] = { _ in [] }) {
        self.environments = environments
        self.theme = theme
        self.ascii = ascii
        self.notice = notice
        self.refresh = refresh
        self.resolveDigest = resolveDigest
        self.waitingOn = waitingOn
    }

    /// Takes over the terminal and never returns (see `DashboardRuntime.run`).
    public func run() throws -> Never {
        try TerminalProgram.run(ascii: ascii, mouse: true, theme: theme, makeModel: { now, cols, rows, ascii, themeName in
            self.initialState(now: now, cols: cols, rows: rows, ascii: ascii, themeName: themeName)
        }, handler: handler)
    }

    /// Runs the overview without a terminal (a server's): ticks every `interval` seconds at the
    /// time `now` gives, each environment refreshed as it falls due, nothing painted. The
    /// loop's `model` is the state; `stop` ends the ticks.
    public func startHeadless(tickEvery interval: Double = 1,
                              now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 })
        -> ProgramLoop<OverviewState>
    {
        .headless(initialState(now: now(), cols: 0, rows: 0, ascii: ascii, themeName: "default"),
                  label: "nubladash.overview", handler: handler, tickEvery: interval, now: now)
    }

    /// Every environment's dashboard state, and the file's notice.
    func initialState(now: Double, cols: Int, rows: Int, ascii: Bool, themeName: String) -> OverviewState {
        let screens = environments.map { environment in
            var options = environment.options
            options.ascii = ascii
            return EnvironmentScreen(name: environment.name, source: environment.source,
                                     dashboard: DashboardState(options: options, now: now, cols: cols, rows: rows,
                                                               themeName: themeName))
        }
        var state = OverviewState(environments: screens, now: now, cols: cols, rows: rows, ascii: ascii)
        if let notice { state.showNotice(notice, isProblem: true, seconds: 30) }
        return state
    }

    /// Starts the background work an effect asks for; after a tick, what each running refresh
    /// still waits on, so that a long wait names its hosts.
    var handler: ProgramLoop<OverviewState>.Handler {
        .init(perform: { effect, loop in
            switch effect {
            case .refresh(let index):
                Executor.refreshes.submit {
                    loop.send([.refreshFinished(environment: index, RefreshOutcome.of { try self.refresh(index) })])
                }
            case .resolveDigest(let index, let tag):
                self.digests.submit {
                    loop.send([.digestResolved(environment: index, tag: tag, .lookingUp { try self.resolveDigest(index, tag) })])
                }
            case .quit, .repaint, .applyTheme:
                break
            }
            return []
        }, after: { message, state in
            guard case .tick = message else { return [] }
            return state.environments.indices.compactMap { index in
                state.environments[index].dashboard.refresh.inFlight
                    ? .refreshWaiting(environment: index, hosts: self.waitingOn(index)) : nil
            }
        })
    }
}
