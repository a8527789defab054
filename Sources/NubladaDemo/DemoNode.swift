import NubladaEngine
import NubladaStandIn

/// One image in a demo node's containerd store.
struct DemoCachedImage: Sendable, Hashable {
    var digest: String
    /// As the kubelet reports them: `repo@sha256:…` and `repo:tag`.
    var names: [String]
    var size: Int
    /// A lab image of the repository (the only kind garbage-collected here).
    var isLab: Bool
    /// When it finished pulling (simulated seconds).
    var pulledAt: Double
}

/// What part a node plays in the demo's story.
enum DemoNodeRole: Sendable, Hashable {
    /// An ordinary node: may be tainted for a while, or scaled down.
    case ordinary
    /// Cordoned by an admin.
    case cordoned
    /// Tainted for system workloads; the prepuller cannot use it.
    case system
    /// Caches so many images that the kubelet's 50-image report is full.
    case fullImageList
    /// Its disk is full: every pull fails (`ErrImagePull`, then `ImagePullBackOff`) and the
    /// prepull pods stay Pending until the controller gives up on them.
    case failingPulls
}

/// A Kubernetes node of the demo cluster with its image store and prepull queue.
struct DemoNode: Sendable, Hashable {
    var name: String
    var pool: String
    var labels: [String: String]
    var taints: [Taint]
    var unschedulable = false
    var role = DemoNodeRole.ordinary
    var images: [DemoCachedImage] = []
    /// Lab images kept before the kubelet's garbage collection removes the oldest.
    var labImageCap = 12
    /// Bytes a second this node pulls at.
    var bandwidth: Double
    /// Digests the prepuller still has to pull here, in order.
    var queue: [String] = []
    /// The digest being pulled now.
    var pulling: String?
    /// A start of the next pull is on the agenda.
    var startScheduled = false

    func caches(_ digest: String) -> Bool { images.contains { $0.digest == digest } }

    /// Removes the oldest lab images beyond the cap, keeping those in `keep`.
    mutating func collectGarbage(keep: Set<String>) {
        var labCount = images.filter(\.isLab).count
        guard labCount > labImageCap else { return }
        let oldestFirst = images.indices.filter { images[$0].isLab && !keep.contains(images[$0].digest) }
            .sorted { images[$0].pulledAt < images[$1].pulledAt }
        var removed: Set<Int> = []
        for index in oldestFirst where labCount > labImageCap {
            removed.insert(index)
            labCount -= 1
        }
        images = images.enumerated().filter { !removed.contains($0.offset) }.map(\.element)
    }

    /// The node as the API serves it: the kubelet reports at most 50 images, largest first.
    var clusterNode: ClusterNode {
        let reported = images.sorted { $0.size != $1.size ? $0.size > $1.size : $0.digest < $1.digest }
            .prefix(ClusterNode.kubeletImageReportLimit)
        return ClusterNode(name: name, labels: labels, taints: taints, unschedulable: unschedulable,
                           images: reported.map { NodeImage(names: $0.names, sizeBytes: $0.size) })
    }
}
