import Dispatch
import Foundation
import NubladaEngine
import NubladaWork

/// Runs the dashboard of one cluster: on the terminal until `q`, ctrl-c or a signal (`run`), or
/// without one (`startHeadless`), on the one `ProgramLoop`.
///
///     try DashboardRuntime(options: options, refresh: { .success(try fetchDashboardData()) }).run()
///
/// `refresh` blocks (network); it runs in the background, never twice at once (the state's
/// `RefreshStatus` says when one is due and whether one runs). Errors it throws are shown in
/// the status line and retried with backoff; the last good data stays.
public final class DashboardRuntime: Sendable {
    public let options: DashboardOptions
    private let refresh: @Sendable () throws -> RefreshOutcome
    private let resolveDigest: @Sendable (String) throws -> String
    private let waitingOn: @Sendable () -> [String]
    /// Refreshes and digest lookups, one after the other: a lookup asked for during a refresh
    /// runs after it, never beside it.
    private let lane = Executor(name: "dashboard", limit: 1)

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
        let options = self.options
        try TerminalProgram.run(ascii: options.ascii, mouse: options.mouse, theme: options.theme,
                                makeModel: { now, cols, rows, ascii, themeName in
                                    var options = options
                                    options.ascii = ascii
                                    return DashboardState(options: options, now: now, cols: cols, rows: rows, themeName: themeName)
                                }, handler: handler)
    }

    /// Runs the dashboard without a terminal (a server's): ticks every `interval` seconds at
    /// the time `now` gives, refreshes as they fall due, nothing painted. The loop's `model`
    /// is the state; `stop` ends the ticks.
    public func startHeadless(tickEvery interval: Double = 1,
                              now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 })
        -> ProgramLoop<DashboardState>
    {
        .headless(DashboardState(options: options, now: now(), cols: 0, rows: 0), label: "nubladash.dashboard",
                  handler: handler, tickEvery: interval, now: now)
    }

    /// Starts the background work an effect asks for; after a tick, what a running refresh
    /// still waits on, so that a long wait names its hosts.
    private var handler: ProgramLoop<DashboardState>.Handler {
        .init(perform: { effect, loop in
            switch effect {
            case .requestRefresh:
                self.lane.submit { loop.send([.refreshFinished(RefreshOutcome.of(self.refresh))]) }
            case .resolveDigest(let tag):
                self.lane.submit { loop.send([.digestResolved(tag: tag, .lookingUp { try self.resolveDigest(tag) })]) }
            case .quit, .repaint, .applyTheme:
                break
            }
            return []
        }, after: { message, state in
            guard case .tick = message, state.refresh.inFlight else { return [] }
            return [.refreshWaiting(hosts: self.waitingOn())]
        })
    }
}

extension RefreshOutcome {
    /// What a blocking refresh gave: its outcome, or what it threw as a failure (a thrown
    /// `RefreshFailure` kept as it is, see `RefreshFailure.init(_:failedAt:)`).
    static func of(_ refresh: () throws -> RefreshOutcome) -> RefreshOutcome {
        do {
            return try refresh()
        } catch {
            return .failure(RefreshFailure(error, failedAt: Date().timeIntervalSince1970))
        }
    }
}

extension Result where Success == String, Failure == RefreshFailure {
    /// A digest looked up (blocking), or why it could not be.
    static func lookingUp(_ lookup: () throws -> String) -> Self {
        Result<String, any Error> { try lookup() }.mapError { RefreshFailure($0, failedAt: Date().timeIntervalSince1970) }
    }
}

/// The source cannot look up a single tag (an Artifact Registry listing has every digest).
public struct DigestLookupUnavailable: Error, CustomStringConvertible {
    public init() {}
    public var description: String { "this registry source has every digest already" }
}
