import Foundation

/// Caches a token until shortly before it expires; fetches a new one otherwise.
final class CachedToken: @unchecked Sendable {
    /// Refresh this long before the stated expiry, seconds.
    static let earlyRefresh: Double = 300

    private let lock = NSLock()
    private var value: String?
    private var expiry: Double = 0
    private let now: @Sendable () -> Double

    init(now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) {
        self.now = now
    }

    /// The cached token, or the one `fetch` returns (token, lifetime in seconds).
    func get(_ fetch: () throws -> (String, Double)) throws -> String {
        lock.lock()
        defer { lock.unlock() }
        if let value, now() < expiry - CachedToken.earlyRefresh { return value }
        let (token, lifetime) = try fetch()
        value = token
        expiry = now() + lifetime
        return token
    }

    func invalidate() {
        lock.lock()
        value = nil
        lock.unlock()
    }
}
