import Foundation
import NubladaClients
import NubladaTUI

extension FollowingRefresher {
    /// One dashboard refresh as the dashboard takes it, with a change of the configuration
    /// announced (see `ClusterRefresher.dashboardOutcome`).
    func dashboardOutcome(slots: RefreshSlots? = nil) throws -> RefreshOutcome {
        let (refresh, notice) = try refreshDashboard(slots: slots)
        var outcome = RefreshOutcome(refresh)
        outcome.notice = notice
        outcome.configurationSource = refresher.configuration.origin.description
        return outcome
    }
}

extension RefreshOutcome {
    init(_ refresh: DashboardRefresh) {
        let failure = refresh.failure.map { RefreshFailure(message: $0, failedAt: Date().timeIntervalSince1970, partial: true) }
        self.init(data: refresh.picture.dashboard, activity: refresh.activity, failure: failure, sides: refresh.answered)
    }
}

extension ClusterRefresher {
    /// One dashboard refresh as the dashboard takes it: the data, with when each side last
    /// answered, and a partial failure when only one side (registry or Kubernetes) answered.
    /// Throws when neither did. The evaluation takes one of `slots` when refreshes share them.
    func dashboardOutcome(slots: RefreshSlots? = nil) throws -> RefreshOutcome {
        RefreshOutcome(try refreshDashboard(slots: slots))
    }
}
