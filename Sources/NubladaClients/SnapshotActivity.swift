import Foundation
import NubladaEngine

/// What `snapshot` says about the cluster's activity (issue 10 item 5): the activity, or why
/// the pods could not be read. Pods are optional: a failure here is not a failure of the snapshot.
public enum SnapshotActivity: Sendable {
    case activity(ClusterActivity)
    /// One line: the missing permission for a 403, else the error.
    case error(String)

    /// The `activity` member of the snapshot document: the activity's, or `{"error": "..."}`.
    public var json: JSONValue {
        switch self {
        case .activity(let activity): activity.json
        case .error(let message): .object(["error": .string(message)])
        }
    }
}

extension KubernetesClient {
    /// The controller's prepull and lab pods in every namespace, listed once.
    public func listLabPods() throws -> [LabPod] {
        try list(.pods, page: PodListPage.self, labelSelector: PodListPage.labelSelector).items.compactMap(\.labPod)
    }
}

extension ClusterRefresher {
    /// One full refresh with the activity: the registry, a fresh node list and the pods, read
    /// at the same time. The pods' failure (a 403 included) is reported in the activity only.
    public func snapshotWithActivity(now: Double = Date().timeIntervalSince1970) throws
        -> (picture: ClusterPicture, activity: SnapshotActivity) {
        let kubernetes = self.kubernetes
        let (pictureResult, podsResult) = concurrently({ try self.snapshot(now: now) }, { try kubernetes.listLabPods() })
        let picture = try pictureResult.get()
        switch podsResult {
        case .success(let pods):
            return (picture, .activity(ClusterActivity(picture: picture, pods: pods, now: now)))
        case .failure(let error as KubernetesError) where error.status == 403:
            return (picture, .error(PodInformer.forbiddenMessage))
        case .failure(let error):
            return (picture, .error("\(error)"))
        }
    }
}
