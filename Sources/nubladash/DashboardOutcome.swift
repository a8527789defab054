import Foundation
import NubladaClients
import NubladaTUI

extension FollowingRefresher {
    /// One dashboard refresh as the dashboard takes it: the data, with when each side last
    /// answered, a partial failure when only one side (registry or Kubernetes) answered, a
    /// change of the configuration announced, and where the configuration was read. Throws
    /// when neither side answered. The evaluation takes one of `slots` when refreshes share them.
    func dashboardOutcome(slots: RefreshSlots? = nil) throws -> RefreshOutcome {
        let (refresh, notice) = try refreshDashboard(slots: slots)
        let failure = refresh.failure.map { RefreshFailure(message: $0, failedAt: Date().timeIntervalSince1970, partial: true) }
        return RefreshOutcome(data: refresh.picture.dashboard, activity: refresh.activity, failure: failure, sides: refresh.answered,
                              notice: notice, configurationSource: refresher.configuration.origin.description)
    }
}
