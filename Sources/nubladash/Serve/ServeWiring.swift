import NubladaEngine
import NubladaMetrics

/// What `serve` is given for its metrics: the exposition (cached by the metrics store, so a
/// scrape never computes nor waits) and the sink told of every finished refresh.
struct ServeWiring: Sendable {
    /// The exposition for a request's `Accept` header: its content type and text.
    var metrics: @Sendable (_ accept: String?) -> (contentType: String, body: String)
    /// Told after every finished refresh of environment `environment` (its index), with when it
    /// started and finished (seconds since 1970).
    var recorded: @Sendable (_ environment: Int, _ outcome: RefreshOutcome, _ startedAt: Double, _ finishedAt: Double) -> Void

    /// The metrics store of environments `names` (in this order): each refresh recorded and its
    /// series rendered once, each scrape answered from what was rendered.
    static func standard(names: [String]) -> ServeWiring {
        let store = MetricsStore(environments: names, version: NubladashVersion.current, revision: BuildCommit.hash ?? "unknown")
        return ServeWiring(metrics: { accept in store.exposition(accept: accept) },
                           recorded: { index, outcome, startedAt, finishedAt in
                               store.record(environment: index, outcome: outcome, startedAt: startedAt, finishedAt: finishedAt)
                           })
    }
}
