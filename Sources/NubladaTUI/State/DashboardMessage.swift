import Foundation
import NubladaEngine

/// Why a refresh failed: one line for the status line, and when.
public struct RefreshFailure: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    /// Seconds since the epoch.
    public var failedAt: Double
    /// Only one side failed (registry or Kubernetes): the other side's data is current.
    public var partial: Bool

    public init(message: String, failedAt: Double, partial: Bool = false) {
        self.message = RefreshFailure.oneLine(message)
        self.failedAt = failedAt
        self.partial = partial
    }

    /// A failure from any error, described on one line (no stack traces, at most
    /// `longestMessage` characters: the status line shows its start, `e` all of it).
    public init(_ error: any Error, failedAt: Double) {
        self.init(message: RefreshFailure.describe(error), failedAt: failedAt)
    }

    /// A `LocalizedError`'s description, an `NSError`'s localized description, or the error's
    /// own description.
    static func describe(_ error: any Error) -> String {
        if let localized = error as? LocalizedError, let text = localized.errorDescription { return text }
        if type(of: error) is NSError.Type { return (error as NSError).localizedDescription }
        return String(describing: error)
    }

    public var description: String { message }

    static func oneLine(_ text: String) -> String {
        let words = text.split(whereSeparator: { $0.isWhitespace || $0.isNewline })
        let line = words.joined(separator: " ")
        return line.isEmpty ? "unknown error" : line.truncated(toWidth: longestMessage)
    }

    static let longestMessage = 4000
}

/// What one refresh gave: new data, a failure, or both when one side (registry or Kubernetes)
/// failed and the other's data is shown. With data comes the cluster's activity at the same
/// refresh (or why the pods could not be read); nil where nobody reads pods.
public struct RefreshOutcome: Sendable {
    public var data: DashboardData?
    public var activity: ActivityReading?
    public var failure: RefreshFailure?
    /// When each side last answered; nil: both with the data (`data.refreshedAt`).
    public var sides: RefreshSides?
    /// Said once, in the status line, with this refresh (`configuration changed: …`).
    public var notice: String?
    /// Where the configuration of this refresh was read (`ConfigMap nublado/nublado-controller-config
    /// (resourceVersion 42)`, `file values-idfprod.yaml`), for the help overlay.
    public var configurationSource: String?

    public init(data: DashboardData?, activity: ActivityReading? = nil, failure: RefreshFailure?, sides: RefreshSides? = nil,
                notice: String? = nil, configurationSource: String? = nil) {
        self.data = data
        self.activity = activity
        self.failure = failure
        self.sides = sides
        self.notice = notice
        self.configurationSource = configurationSource
    }

    public static func success(_ data: DashboardData, activity: ActivityReading? = nil) -> RefreshOutcome {
        RefreshOutcome(data: data, activity: activity, failure: nil)
    }
    public static func failure(_ failure: RefreshFailure) -> RefreshOutcome { RefreshOutcome(data: nil, failure: failure) }
}

/// Everything that can happen to the dashboard; `update` turns each into a new state.
public enum DashboardMessage: Sendable {
    case key(Key)
    /// The clock, once a second (seconds since the epoch).
    case tick(now: Double)
    /// The running refresh still waits on these hosts (the runtime says, once a second).
    case refreshWaiting(hosts: [String])
    case refreshFinished(RefreshOutcome)
    case resize(cols: Int, rows: Int)
    case mouse(MouseEvent)
    /// The runtime applied a theme (after `t` or at start); `problem` when it fell back.
    case themeApplied(name: String, problem: String?)
    /// A digest looked up on request (`DashboardEffect.resolveDigest`) came back.
    case digestResolved(tag: String, Result<String, RefreshFailure>)
}

/// What the runtime must do after an update.
public enum DashboardEffect: Hashable, Sendable {
    /// Start a refresh in the background (the runtime never runs two at once).
    case requestRefresh
    /// Restore the terminal and exit 0.
    case quit
    /// Redraw the whole screen from scratch (ctrl-l).
    case repaint
    /// Load and apply the named theme.
    case applyTheme(String)
    /// Look up the digest a tag points at now (one registry request, in the background).
    case resolveDigest(tag: String)
}
