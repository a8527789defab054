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
        /// The running refresh has waited `seconds` (`RefreshStatus.longWait` or more) on
        /// these hosts, whatever data is shown.
        case noAnswer(seconds: Double, hosts: [String])
    }

    var name: String
    var source: String
    var summary: EnvironmentSummary?
    /// What the recommended column shows: the tag it points to (found in the listing or by a
    /// search), `? (not among the 30 newest)`, or the tag itself when it is no alias.
    var recommended: String?
    var health: Health
    /// Seconds since the last successful refresh.
    var age: Double?
    /// The prepull pods at work by state, when the pods could be read.
    var pulls: ClusterActivity.Totals?
    /// `registry data 10m 03s old`: each side whose data is older than the rest.
    var sidesBehind: [String]
    /// The registry's data (recommended, weekly, daily) is older than the rest.
    var registryBehind: Bool
    /// `no answer for 45s from HOST`, while the refresh waits that long.
    var waitText: String?

    init(_ screen: EnvironmentScreen, now: Double) {
        let dashboard = screen.dashboard
        name = screen.name
        source = screen.source
        summary = dashboard.data.map(EnvironmentSummary.init)
        recommended = dashboard.data.map { AliasTargetText.recommendedTarget($0) ?? $0.recommendedTag }
        age = dashboard.refresh.lastSuccessAt.map { max(0, now - $0) }
        pulls = dashboard.prepared?.activity?.reading.activity?.totals
        sidesBehind = dashboard.sidesBehindTexts
        registryBehind = dashboard.sidesBehind.contains { $0.side == "registry" }
        waitText = dashboard.longWaitText
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
        // A refresh that waits this long is the news, whatever the data shown says.
        if let wait = dashboard.refresh.wait(now: dashboard.now) {
            health = .noAnswer(seconds: wait, hosts: dashboard.refresh.waitingOn)
        }
    }

    /// 0 errors and refreshes without an answer, 1 stale, 2 partial, 3 pulls failing or
    /// stuck, 4 the rest (then most missing first).
    var troubleRank: Int {
        switch health {
        case .error, .noAnswer: 0
        case .stale: 1
        case .partial: 2
        case .loading, .ok, .refreshing: (pulls.map { $0.failing + $0.stuck } ?? 0) > 0 ? 3 : 4
        }
    }

    var missing: Int { summary?.missing ?? 0 }

    /// How the header counts it: `error`, `no answer`, `stale`, `partial`; nil when fine.
    var troubleWord: String? {
        switch health {
        case .error: "error"
        case .noAnswer: "no answer"
        case .stale: "stale"
        case .partial: "partial"
        case .loading, .ok, .refreshing: nil
        }
    }
}
