import NubladaEngine

/// The refresh schedule: whether one runs, the last success and failure, and when the next
/// attempt is due. After `n` failures in a row the next attempt waits
/// `min(retryBase · 2^(n-1), maxBackoff)` seconds; a success resets the backoff.
public struct RefreshStatus: Hashable, Sendable {
    /// A refresh is running.
    public var inFlight = false
    public var startedAt: Double?
    /// When the shown data was fetched (nil before the first success).
    public var lastSuccessAt: Double?
    /// The last failure, cleared by a success.
    public var lastFailure: RefreshFailure?
    public var consecutiveFailures = 0
    /// When to start the next automatic refresh; nil means as soon as possible.
    public var nextAttemptAt: Double?
    /// Automatic refreshes are paused (`p`); `u` still refreshes.
    public var paused = false
    /// The hosts the running refresh still waits on, as its runtime last said.
    public var waitingOn: [String] = []
    /// `u` came while a refresh was running: another starts as soon as that one ends.
    public var updateQueued = false
    /// When the registry's listing and the cluster's nodes shown were fetched (nil before
    /// that side's first answer): a side that fails keeps its older data.
    public var registryAnsweredAt: Double?
    public var clusterAnsweredAt: Double?

    public init() {}

    /// A refresh running this long has had no answer worth waiting for: it is shown as a
    /// wait that grows (`no answer for 45s from HOST`), no longer as refreshing. Far longer
    /// than any healthy refresh, far shorter than a side's deadline.
    public static let longWait: Double = 15

    /// How long the running refresh has been waiting, once that is `longWait` or more.
    public func wait(now: Double) -> Double? {
        guard inFlight, let startedAt, now - startedAt >= Self.longWait else { return nil }
        return now - startedAt
    }

    /// Seconds to wait after `failures` failures in a row, for a normal interval `interval`.
    public static func backoff(failures: Int, interval: RefreshInterval) -> Double {
        guard failures > 0 else { return interval.seconds }
        let retryBase = RefreshInterval.minimum
        let maxBackoff = max(interval.seconds, 300)
        let exponent = min(failures - 1, 30)
        return min(retryBase * Double(1 << exponent), maxBackoff)
    }

    /// Whether an automatic refresh is due at `now`.
    public func isDue(now: Double) -> Bool {
        !inFlight && !paused && (nextAttemptAt.map { now >= $0 } ?? true)
    }
}

/// What the header says about refreshing.
public enum RefreshIndicator: Hashable, Sendable {
    case loading
    case idle
    case refreshing
    case paused
    /// No refresh has succeeded yet and the last one failed.
    case noData
    /// One side (registry or Kubernetes) failed; the other side's data is current.
    case partial
    /// The data is old or the last refresh failed; its age in seconds.
    case stale(age: Double)
}
