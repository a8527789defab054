import Foundation
import NubladaClients
import NubladaEngine

extension FollowingRefresher {
    /// One dashboard refresh as the screens take it: what `refreshDashboard` gave, or, when it
    /// failed as a whole, that failure typed (never an untyped error past this point). The
    /// evaluation takes one of `slots` when refreshes share them.
    func dashboardOutcome(slots: RefreshSlots? = nil) -> RefreshOutcome {
        do {
            return try refreshDashboard(slots: slots)
        } catch {
            return .failure(RefreshFailure(classifying: error, failedAt: Date().timeIntervalSince1970))
        }
    }
}

extension ClusterRefresher {
    /// The digest `tag` points at now; its failure typed, as the registry side's.
    func typedDigest(tag: String) throws(RefreshFailure) -> String {
        do {
            return try resolveDigest(tag: tag)
        } catch {
            throw RefreshFailure(sides: [SideFailure(.registry, error)], failedAt: Date().timeIntervalSince1970, partial: false)
        }
    }
}

extension RefreshFailure {
    /// The same failure with each side's words made one line (escaped and cut as
    /// `MessageText` does): how `snapshot --environments` says a failed environment in its
    /// JSON `error` and on stderr.
    var eachSideOnOneLine: RefreshFailure {
        let sides = sides.map { side in
            var side = side
            side.message = MessageText.oneLine(side.message)
            return side
        }
        return RefreshFailure(sides: sides, failedAt: failedAt, partial: partial)
    }
}
