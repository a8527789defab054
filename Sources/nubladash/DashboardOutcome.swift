import Foundation
import NubladaClients
import NubladaTUI

extension ClusterRefresher {
    /// One dashboard refresh as the dashboard takes it: the data, and a partial failure when
    /// only one side (registry or Kubernetes) answered. Throws when neither did.
    func dashboardOutcome() throws -> RefreshOutcome {
        let refresh = try refreshDashboard()
        let failure = refresh.failure.map { RefreshFailure(message: $0, failedAt: Date().timeIntervalSince1970, partial: true) }
        return RefreshOutcome(data: refresh.picture.dashboard, activity: refresh.activity, failure: failure)
    }
}
