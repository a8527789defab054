/// The longest a credential helper run by a kubeconfig (an exec plugin) may take: 60 s, as
/// kubectl's request timeout bounds its plugins. `--helper-timeout` shortens it, never
/// lengthens it.
public struct HelperTimeout: Hashable, Sendable {
    public let seconds: Double

    /// 60 seconds.
    public static let longest = HelperTimeout(60)

    /// `seconds` when it is a positive number of at most 60; anything else (not finite, not
    /// positive, longer) is the longest, 60.
    public init(_ seconds: Double) {
        self.seconds = seconds.isFinite && seconds > 0 ? min(seconds, 60) : 60
    }
}
