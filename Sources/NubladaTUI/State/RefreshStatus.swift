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

    public init() {}

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
