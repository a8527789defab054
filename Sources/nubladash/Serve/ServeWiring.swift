import NubladaEngine

/// What `serve` is given for its metrics: the exposition (cached by the metrics store, so a
/// scrape never computes nor waits) and the sink told of every finished refresh.
struct ServeWiring: Sendable {
    /// The exposition for a request's `Accept` header: its content type and text.
    var metrics: @Sendable (_ accept: String?) -> (contentType: String, body: String)
    /// Told after every finished refresh of environment `environment` (its index), with when it
    /// started and finished (seconds since 1970).
    var recorded: @Sendable (_ environment: Int, _ outcome: RefreshOutcome, _ startedAt: Double, _ finishedAt: Double) -> Void

    /// Until the metrics store is wired in: an empty exposition, nothing recorded.
    static func standard(names: [String]) -> ServeWiring {
        ServeWiring(metrics: { _ in ("text/plain; version=0.0.4; charset=utf-8", "") }, recorded: { _, _, _, _ in })
    }
}
