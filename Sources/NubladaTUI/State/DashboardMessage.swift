import Foundation
import NubladaEngine

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
