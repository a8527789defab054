import Foundation
import NubladaEngine
@testable import NubladaTUI

/// Test data built through the engine's real path: an in-memory registry listing and node
/// list evaluated by `ImageEngine`. No wall clock.
enum Fixtures {
    /// 2077-10-29 12:00:00 UTC, when the fixture data is refreshed.
    static let refreshedAt: Double = 3_402_734_400
    static let utc = TimeZone(identifier: "UTC")!

    static let source = GARSourceOptions(location: "us-central1", projectID: "rubin-shared-services-71ec",
                                         repository: "sciplat", image: "sciplat-lab")

    /// A fake but well-formed `sha256:` digest derived from `seed`.
    static func digest(_ seed: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var hex = ""
        while hex.count < 64 {
            for byte in (seed + String(hex.count)).utf8 {
                hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
            }
            let chunk = String(hash, radix: 16)
            hex += String(repeating: "0", count: 16 - chunk.count) + chunk
        }
        return "sha256:" + hex.prefix(64)
    }

    /// (tags of one digest, size in GB, hours before the refresh it was uploaded)
    static let imageSpecs: [(tags: [String], gigabytes: Double, hoursAgo: Double)] = [
        (["r29_0_0"], 4.8, 24 * 40),
        (["r28_0_1"], 4.6, 24 * 90),
        (["r30_0_0_rc1"], 4.9, 24 * 5),
        (["w_2077_43", "recommended", "latest_weekly"], 5.1, 46),
        (["w_2077_42"], 5.0, 46 + 24 * 7),
        (["w_2077_41"], 5.0, 46 + 24 * 14),
        (["d_2077_10_28"], 5.2, 22),
        (["d_2077_10_27"], 5.2, 46),
        (["d_2077_10_26"], 5.1, 70),
        (["d_2077_10_25"], 5.1, 94),
        (["exp_w_2077_43_nosudo"], 5.3, 30),
    ]

    static func entries() -> [RegistryEntry] {
        imageSpecs.map { spec in
            RegistryEntry(uri: "\(source.registry)/\(source.path)@\(digest(spec.tags[0]))", tags: spec.tags,
                          sizeBytes: Int(spec.gigabytes * 1e9), uploadTime: refreshedAt - spec.hoursAgo * 3600)
        }
    }

    static func prepullerOptions() -> PrepullerOptions {
        var options = PrepullerOptions(source: source)
        options.recommendedTag = "recommended"
        options.numReleases = 1
        options.numWeeklies = 2
        options.numDailies = 3
        options.pin = ["r28_0_1"]
        options.aliasTags = ["recommended", "latest_weekly"]
        return options
    }

    /// What a node caches: the kubelet's entry for an image tag of the fixture registry.
    static func nodeImage(_ tag: String) -> NodeImage {
        let base = "\(source.registry)/\(source.path)"
        let spec = imageSpecs.first { $0.tags.contains(tag) }!
        return NodeImage(names: ["\(base)@\(digest(spec.tags[0]))", "\(base):\(tag)"], sizeBytes: Int(spec.gigabytes * 1e9))
    }

    static let prefix = "gke-science-platform-core-pool-"

    /// Seven nodes: fully prepulled ones, some missing images, a GPU node tainted (ineligible),
    /// and one listing 50 images (its image list may be truncated).
    static func smallCluster() -> [ClusterNode] {
        let everything = ["r29_0_0", "r28_0_1", "w_2077_43", "w_2077_42", "d_2077_10_28", "d_2077_10_27", "d_2077_10_26"]
        let labels = ["cloud.google.com/gke-nodepool": "core-pool", "kubernetes.io/arch": "amd64"]
        var nodes = [
            ClusterNode(name: prefix + "7f3a9c2e-b2kd", labels: labels, images: everything.map(nodeImage)),
            ClusterNode(name: prefix + "7f3a9c2e-c9w1", labels: labels, images: everything.map(nodeImage)),
            ClusterNode(name: prefix + "7f3a9c2e-hx4q", labels: labels,
                        images: ["r29_0_0", "w_2077_43", "w_2077_42", "d_2077_10_27"].map(nodeImage)),
            ClusterNode(name: prefix + "7f3a9c2e-m0zz", labels: labels, images: ["r29_0_0"].map(nodeImage)),
            ClusterNode(name: prefix + "91bd44a0-gpu1", labels: labels.merging(["nvidia.com/gpu": "true"]) { $1 },
                        taints: [Taint(key: "nvidia.com/gpu", value: "true", effect: "NoSchedule")],
                        images: ["r29_0_0"].map(nodeImage)),
        ]
        var full = ["r29_0_0", "w_2077_43"].map(nodeImage)
        for index in 0..<48 {
            full.append(NodeImage(names: ["docker.io/library/filler-\(index)@\(digest("filler\(index)"))"],
                                  sizeBytes: 100_000_000 + index))
        }
        nodes.append(ClusterNode(name: prefix + "91bd44a0-full", labels: labels, images: full))
        nodes.append(ClusterNode(name: prefix + "7f3a9c2e-aaaa", labels: labels, unschedulable: true,
                                 images: everything.dropLast(2).map(nodeImage)))
        return nodes
    }

    /// `count` nodes with a deterministic mix of cached, missing and tainted.
    static func largeCluster(nodes count: Int) -> [ClusterNode] {
        let tags = ["r29_0_0", "r28_0_1", "w_2077_43", "w_2077_42", "d_2077_10_28", "d_2077_10_27", "d_2077_10_26"]
        return (0..<count).map { index in
            let name = prefix + String(format: "%08x-%04d", 0x7f3a_9c2e + index / 100, index)
            let cached = tags.enumerated().filter { (offset, _) in (index * 7 + offset * 3) % 11 != 0 }.map { $0.element }
            let tainted = index % 97 == 0
            return ClusterNode(name: name, taints: tainted ? [Taint(key: "dedicated", value: "batch", effect: "NoSchedule")] : [],
                               images: cached.map(nodeImage))
        }
    }

    static func data(nodes: [ClusterNode] = smallCluster(), entries: [RegistryEntry] = entries(),
                     refreshedAt: Double = refreshedAt, prepuller: PrepullerOptions = prepullerOptions()) -> DashboardData {
        picture(nodes: nodes, entries: entries, refreshedAt: refreshedAt, prepuller: prepuller).dashboard
    }

    static func picture(nodes: [ClusterNode] = smallCluster(), entries: [RegistryEntry] = entries(),
                        refreshedAt: Double = refreshedAt, prepuller: PrepullerOptions = prepullerOptions()) -> ClusterPicture {
        ImageEngine.evaluate(LabImageSettings(prepuller: prepuller), listing: .artifactRegistry(entries), nodes: nodes,
                             now: refreshedAt)
    }

    /// A prepull pod of the controller (namespace `nublado`) on `node` (without the prefix)
    /// for `tag`, by digest, created `minutesAgo` before the refresh.
    static func prepullPod(_ node: String, _ tag: String, minutesAgo: Double, reason: String? = nil, message: String? = nil,
                           namespace: String = "nublado") -> LabPod {
        let spec = imageSpecs.first { $0.tags.contains(tag) }!
        return LabPod(namespace: namespace, name: "prepull-\(tag)-\(node)", category: .prepuller, nodeName: prefix + node,
                      phase: "Pending", createdAt: refreshedAt - minutesAgo * 60,
                      image: "\(source.registry)/\(source.path):\(tag)@\(digest(spec.tags[0]))", waitingReason: reason,
                      waitingMessage: message)
    }

    /// A user's lab pod on `node` (without the prefix) running `image` (`:tag` or `@digest`).
    static func labPod(_ user: String, _ node: String, _ image: String, hoursAgo: Double) -> LabPod {
        LabPod(namespace: "nublado-\(user)", name: "nb-\(user)", category: .lab, nodeName: prefix + node, phase: "Running",
               createdAt: refreshedAt - hoursAgo * 3600, image: "\(source.registry)/\(source.path)\(image)")
    }

    /// The small cluster at work: a pull in flight, two failing, one stuck past the timeout,
    /// one for a cell already cached (cached wins), one outside the controller's namespace;
    /// labs on the recommended image (by tag and by digest), on a release, and on a weekly
    /// outside the prepull set (on the tainted node).
    static func activityPods() -> [LabPod] {
        [
            prepullPod("7f3a9c2e-m0zz", "w_2077_43", minutesAgo: 2, reason: "ContainerCreating"),
            prepullPod("7f3a9c2e-hx4q", "r28_0_1", minutesAgo: 5, reason: "ErrImagePull",
                       message: "rpc error: code = NotFound desc = failed to pull and unpack image: not found"),
            prepullPod("7f3a9c2e-aaaa", "d_2077_10_27", minutesAgo: 3, reason: "ImagePullBackOff",
                       message: "Back-off pulling image"),
            prepullPod("7f3a9c2e-m0zz", "d_2077_10_28", minutesAgo: 25, reason: "ContainerCreating"),
            prepullPod("7f3a9c2e-b2kd", "r29_0_0", minutesAgo: 1, reason: "ErrImagePull", message: "cached anyway"),
            prepullPod("7f3a9c2e-c9w1", "d_2077_10_26", minutesAgo: 4, reason: "ErrImagePull", namespace: "elsewhere"),
            labPod("ann", "7f3a9c2e-b2kd", ":recommended", hoursAgo: 3),
            labPod("bob", "7f3a9c2e-c9w1", "@\(digest("w_2077_43"))", hoursAgo: 26),
            labPod("cat", "91bd44a0-gpu1", "@\(digest("w_2077_41"))", hoursAgo: 50),
            labPod("dan", "7f3a9c2e-b2kd", ":r29_0_0", hoursAgo: 0.5),
        ]
    }

    static func activity(_ pods: [LabPod] = activityPods(), picture: ClusterPicture = picture()) -> ActivityReading {
        .activity(ClusterActivity(picture: picture, pods: pods, now: refreshedAt))
    }

    static func options(ascii: Bool = false, interval: Double = 30) -> DashboardOptions {
        DashboardOptions(contextName: "idfprod", refreshInterval: RefreshInterval(seconds: interval)!, theme: .default, ascii: ascii, timeZone: utc)
    }

    /// A state that received one successful refresh, 12 seconds later.
    static func loadedState(cols: Int, rows: Int, data: DashboardData = Fixtures.data(), activity: ActivityReading? = nil,
                            ascii: Bool = false, configurationSource: String? = nil) -> DashboardState
    {
        var state = DashboardState(options: options(ascii: ascii), now: refreshedAt - 3, cols: cols, rows: rows)
        // The first tick finds a refresh due and starts it.
        _ = update(&state, .tick(now: refreshedAt - 3))
        var outcome = RefreshOutcome.success(data, activity: activity)
        outcome.configurationSource = configurationSource
        _ = update(&state, .refreshFinished(outcome))
        _ = update(&state, .tick(now: refreshedAt + 12))
        return state
    }
}
