import Foundation
import NubladaEngine

extension KubernetesClient {
    /// The controller's prepull and lab pods in every namespace, listed once.
    public func listLabPods() throws -> [LabPod] {
        try list(.pods, page: PodListPage.self, labelSelector: PodListPage.labelSelector, convert: \.labPod).items.compactMap { $0 }
    }
}

extension ActivityReading {
    /// Why pods could not be read, as one line: the missing permission for a 403, else the error.
    static func unreadable(_ error: any Error) -> ActivityReading {
        if let error = error as? KubernetesError, error.status == 403 { return .error(PodInformer.forbiddenMessage) }
        return .error("\(error)")
    }
}

extension ClusterRefresher {
    /// One full refresh with the activity: the registry, a fresh node list
    /// and the pods, read at the same time, then evaluated (in one of `slots` when refreshes
    /// share them; the wait for the answers takes none). The pods' failure (a 403 included)
    /// is reported in the activity only.
    public func snapshotWithActivity(now: Double = Date().timeIntervalSince1970, slots: RefreshSlots? = nil) throws
        -> (picture: ClusterPicture, activity: ActivityReading) {
        let kubernetes = self.kubernetes
        kubernetes.forgetCredentialFailure()
        let (read, podsResult) = concurrently({ self.fetchForSnapshot() }, { try kubernetes.listLabPods() })
        let (listing, nodes) = try read.get()
        return try slots.hold {
            let picture = try evaluate(listing, nodes, now: now)
            switch podsResult {
            case .success(let pods):
                return (picture, .activity(ClusterActivity(picture: picture, pods: pods, now: now, settings: activitySettings)))
            case .failure(let error):
                return (picture, .unreadable(error))
            }
        }
    }
}
