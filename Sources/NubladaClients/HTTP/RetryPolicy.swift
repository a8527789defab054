import Foundation

/// Exponential backoff with jitter for transient failures: the first retry within a second,
/// at most 30 seconds of waiting in all and never past the side's deadline (``Deadline``),
/// then the last error stands.
public struct RetryPolicy: Sendable {
    /// Delay before the first retry (before jitter), seconds.
    public var initialDelay: Double = 0.5
    /// Longest single delay, seconds.
    public var maximumDelay: Double = 8
    /// Total time spent waiting across retries, at most, seconds.
    public var budget: Double = 30
    /// Sleeps; replaced in tests.
    public var sleep: @Sendable (Double) -> Void = { Thread.sleep(forTimeInterval: $0) }

    public init() {}

    /// No retries at all.
    public static var none: RetryPolicy {
        var policy = RetryPolicy()
        policy.budget = 0
        return policy
    }

    /// The delays to wait before each retry: doubling, jittered into [½, 1] of their value,
    /// while their sum stays within the budget.
    public func delays(random: () -> Double = { Double.random(in: 0.5...1) }) -> [Double] {
        var result: [Double] = []
        var total = 0.0
        var nominal = initialDelay
        while true {
            let delay = min(nominal, maximumDelay) * random()
            if total + delay > budget { return result }
            result.append(delay)
            total += delay
            nominal *= 2
        }
    }

    /// HTTP statuses worth retrying.
    public static func isTransient(status: Int) -> Bool { [429, 500, 502, 503, 504].contains(status) }
}
