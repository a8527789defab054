/// Seconds between the dashboard's automatic refreshes. Checked once where the number enters
/// (`--refresh`, the configuration's `images.refreshInterval`), so the code that schedules,
/// backs off and shows refreshes never meets a non-finite, tiny or absurd interval.
public struct RefreshInterval: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Finite, from `minimum` to `maximum`.
    public let seconds: Double

    /// Faster than this only loads the cluster's API server.
    public static let minimum = 5.0
    /// Longer than a day is a typo, not a choice (and keeps every deadline far from overflow).
    public static let maximum = 86_400.0
    /// The accepted range in words, for error messages.
    public static let rule = "a number of seconds from 5 to 86400 (1 day)"

    /// When neither `--refresh` nor the configuration says.
    public static let standard = RefreshInterval(checked: 60)
    /// As often as allowed (the demo, whose world changes quickly).
    public static let fastest = RefreshInterval(checked: minimum)

    /// nil unless `seconds` is finite and within `minimum...maximum`.
    public init?(seconds: Double) {
        guard seconds.isFinite, (Self.minimum...Self.maximum).contains(seconds) else { return nil }
        self.seconds = seconds
    }

    private init(checked seconds: Double) { self.seconds = seconds }

    public static func < (lhs: RefreshInterval, rhs: RefreshInterval) -> Bool { lhs.seconds < rhs.seconds }

    public var description: String { seconds == seconds.rounded() ? "\(Int(seconds)) s" : "\(seconds) s" }
}
