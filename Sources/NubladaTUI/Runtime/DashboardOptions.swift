import Foundation
import NubladaEngine

/// How the CLI configures the dashboard.
public struct DashboardOptions: Sendable {
    /// The Kubernetes context (or cluster) name shown in the header.
    public var contextName: String
    /// Time between automatic refreshes (checked where it was parsed).
    public var refreshInterval: RefreshInterval
    public var theme: ThemeChoice
    /// ASCII glyphs only (`--ascii`); also chosen automatically when the locale is not UTF-8.
    public var ascii: Bool
    /// Time zone for shown times (upload times, last refresh).
    public var timeZone: TimeZone
    /// Report mouse clicks and wheel to the dashboard.
    public var mouse: Bool

    public init(contextName: String, refreshInterval: RefreshInterval = .standard, theme: ThemeChoice = .default, ascii: Bool = false,
                timeZone: TimeZone = .current, mouse: Bool = true) {
        self.contextName = contextName
        self.refreshInterval = refreshInterval
        self.theme = theme
        self.ascii = ascii
        self.timeZone = timeZone
        self.mouse = mouse
    }
}
