import NubladaEngine

/// What the overview says about one environment, read from its dashboard state: the summary
/// of its last good data and its refresh state, ranked for the trouble-first order.
struct OverviewRow {
    enum Health: Equatable {
        case loading
        case ok
        case refreshing
        /// Only one side (registry or Kubernetes) answered.
        case partial(reason: String)
        /// Old data, or the last refresh failed (with its reason) while older data is shown.
        case stale(age: Double, reason: String?)
        /// No data at all and the last refresh failed.
        case error(reason: String)
    }

    var name: String
    var source: String
    var summary: EnvironmentSummary?
    var health: Health
    /// Seconds since the last successful refresh.
    var age: Double?
    /// The prepull pods at work by state, when the pods could be read (issue 10).
    var pulls: ClusterActivity.Totals?

    init(_ screen: EnvironmentScreen, now: Double) {
        let dashboard = screen.dashboard
        name = screen.name
        source = screen.source
        summary = dashboard.data.map(EnvironmentSummary.init)
        age = dashboard.refresh.lastSuccessAt.map { max(0, now - $0) }
        pulls = dashboard.prepared?.activity?.reading.activity?.totals
        let reason = dashboard.refresh.lastFailure?.message
        // The dashboard's own judgement of its data, whether or not a refresh runs right now:
        // a stale environment that is retrying stays stale.
        var settled = dashboard
        settled.refresh.inFlight = false
        settled.refresh.paused = false
        switch settled.refreshIndicator {
        case .loading, .refreshing, .paused: health = .loading
        case .idle: health = dashboard.refresh.inFlight ? .refreshing : .ok
        case .noData: health = .error(reason: reason ?? "no data")
        case .partial: health = .partial(reason: reason ?? "")
        case .stale(let age): health = .stale(age: age, reason: reason)
        }
    }

    /// 0 errors, 1 stale, 2 partial, 3 pulls failing or stuck, 4 the rest (then most missing first).
    var troubleRank: Int {
        switch health {
        case .error: 0
        case .stale: 1
        case .partial: 2
        case .loading, .ok, .refreshing: (pulls.map { $0.failing + $0.stuck } ?? 0) > 0 ? 3 : 4
        }
    }

    var missing: Int { summary?.missing ?? 0 }
}
