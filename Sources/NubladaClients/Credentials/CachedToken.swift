import Foundation
import Synchronization

/// Caches a token until shortly before it expires; fetches a new one otherwise.
///
/// A token is refreshed `earlyRefresh` seconds (5 minutes) before its stated expiry, or half
/// way through its life when it lives less than 10 minutes, so a request never goes out with
/// a token about to expire. `invalidate()` (after a 401) forgets it at once.
final class CachedToken: Sendable {
    /// Refresh this long before the stated expiry, seconds.
    static let earlyRefresh: Double = 300

    /// The token and when to fetch a new one; held while fetching, so one fetch runs at a time.
    private let cached = Mutex<(value: String?, refreshAt: Double)>((nil, 0))
    private let now: @Sendable () -> Double

    init(now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) {
        self.now = now
    }

    /// The cached token, or the one `fetch` returns (token, lifetime in seconds).
    func get(_ fetch: () throws -> (String, Double)) throws -> String {
        try cached.withLock { cached in
            if let value = cached.value, now() < cached.refreshAt { return value }
            let (token, lifetime) = try fetch()
            cached = (token, now() + lifetime - CachedToken.margin(lifetime: lifetime))
            return token
        }
    }

    /// How long before expiry a token of this lifetime is refreshed.
    static func margin(lifetime: Double) -> Double {
        min(earlyRefresh, max(0, lifetime) / 2)
    }

    func invalidate() {
        cached.withLock { $0.value = nil }
    }
}
