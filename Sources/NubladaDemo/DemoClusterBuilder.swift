import NubladaEngine
import NubladaStandIn

/// The demo's GKE cluster: a core pool and a lab pool with GKE-style names and labels, the
/// lab pool's `NoExecute` taint, a cordoned node, a system node the prepuller cannot use,
/// a node whose image report is full, a node that has just joined and is still pulling, a node
/// whose pulls keep failing, and a few still pulling yesterday's daily.
struct DemoClusterBuilder {
    static let clusterName = "science-platform"
    static let corePool = "core-pool"
    static let labPool = "lab-pool"
    static let zones = ["us-central1-a", "us-central1-b", "us-central1-c"]
    static let machines = [corePool: "n2-standard-8", labPool: "n2-highmem-32"]

    /// The instance-group hash in node names, per pool.
    var poolHashes: [String: String]
    /// Images every node runs besides lab images (system pods, the Nublado platform).
    var platformImages: [DemoCachedImage]

    init(random: inout SeededGenerator) {
        poolHashes = [Self.corePool: random.hex(8), Self.labPool: random.hex(8)]
        let platform = StandInFixtures.otherImages
        platformImages = platform.map { name, size in
            let digest = random.digest()
            return DemoCachedImage(digest: digest, names: ["\(name)@\(digest)", "\(name):\(random.word(7, from: "0123456789abcdef"))"],
                                   size: size, isLab: false, pulledAt: 0)
        }
    }

    /// A new node of `pool` (no lab images yet), named unlike any of `existing`.
    func makeNode(pool: String, zoneIndex: Int, existing: Set<String>, random: inout SeededGenerator) -> DemoNode {
        var name: String
        repeat {
            name = "gke-\(Self.clusterName)-\(pool)-\(poolHashes[pool] ?? "00000000")-\(random.word(4, from: "abcdefghijklmnopqrstuvwxyz0123456789"))"
        } while existing.contains(name)
        let zone = Self.zones[zoneIndex % Self.zones.count]
        let machine = Self.machines[pool] ?? "n2-standard-8"
        let labels = [
            "beta.kubernetes.io/arch": "amd64", "beta.kubernetes.io/instance-type": machine, "beta.kubernetes.io/os": "linux",
            "cloud.google.com/gke-boot-disk": "pd-balanced", "cloud.google.com/gke-container-runtime": "containerd",
            "cloud.google.com/gke-nodepool": pool, "cloud.google.com/gke-os-distribution": "cos",
            "cloud.google.com/machine-family": "n2", "kubernetes.io/arch": "amd64", "kubernetes.io/hostname": name,
            "kubernetes.io/os": "linux", "node.kubernetes.io/instance-type": machine, "node_pool": pool,
            "topology.kubernetes.io/region": "us-central1", "topology.kubernetes.io/zone": zone,
        ]
        return DemoNode(name: name, pool: pool, labels: labels, taints: pool == Self.labPool ? [DemoSettings.labTaint] : [],
                        images: platformImages, bandwidth: random.between(60_000_000, 160_000_000))
    }

    /// The cluster on the demo's first morning, caching what the controller prepulls.
    func initial(registry: DemoRegistry, plan: DemoPrepullPlan, now: Double, random: inout SeededGenerator) -> [DemoNode] {
        let entries = registry.entries
        let current = plan.targets(for: entries)
        let weekAgo = plan.targets(for: entries.filter { ($0.uploadTime ?? 0) < now - 5 * DemoCalendar.day })
        let newestDaily = registry.image(withTag: "latest_daily")?.digest
        let labHistory = registry.images.filter { $0.name == registry.source.image && !$0.primaryTag.hasSuffix("64") }
            .sorted { $0.uploadTime > $1.uploadTime }
        var nodes: [DemoNode] = []
        var names = Set<String>()
        let layout = (0..<6).map { (Self.corePool, $0) } + (0..<34).map { (Self.labPool, $0) }
        for (pool, index) in layout {
            var node = makeNode(pool: pool, zoneIndex: index, existing: names, random: &random)
            names.insert(node.name)
            var cached = current
            switch (pool, index) {
            case (Self.corePool, 0):
                node.role = .system
                node.taints = [Taint(key: "CriticalAddonsOnly", value: "true", effect: "NoSchedule")]
                cached = []
            case (Self.labPool, 5):
                node.role = .cordoned
                node.unschedulable = true
                node.taints.append(Taint(key: "node.kubernetes.io/unschedulable", effect: "NoSchedule"))
                cached = weekAgo
            case (Self.labPool, 11):
                node.role = .fullImageList
                node.labImageCap = ClusterNode.kubeletImageReportLimit + 1
                cached = labHistory.filter { $0.digest != newestDaily }.prefix(node.labImageCap)
                    .map { DemoPrepullTarget(digest: $0.digest, tag: $0.primaryTag, size: $0.size) }
            case (Self.labPool, 8):
                node.role = .failingPulls
                cached = current.filter { $0.digest != newestDaily }
            case (Self.labPool, 20):
                cached = []  // joined a few minutes ago: the prepuller is at work
            case (Self.labPool, 3), (Self.labPool, 14), (Self.labPool, 27):
                cached = current.filter { $0.digest != newestDaily }
            default:
                // A few older builds the kubelet has not collected yet.
                let extras = labHistory.prefix(16).filter { image in !current.contains { $0.digest == image.digest } }
                for image in extras where random.next() % 4 == 0 {
                    cached.append(DemoPrepullTarget(digest: image.digest, tag: image.primaryTag, size: image.size))
                }
            }
            for target in cached {
                let upload = registry.images.first { $0.digest == target.digest }?.uploadTime ?? now
                let pulled = min(now - 60, upload + random.between(600, 6 * DemoCalendar.hour))
                node.images.append(Self.labImage(target, registry: registry, pulledAt: pulled))
            }
            nodes.append(node)
        }
        return nodes
    }

    /// A lab image as the kubelet names it once pulled by tag and digest.
    static func labImage(_ target: DemoPrepullTarget, registry: DemoRegistry, pulledAt: Double) -> DemoCachedImage {
        DemoCachedImage(digest: target.digest,
                        names: [registry.reference(digest: target.digest), registry.reference(tag: target.tag)],
                        size: target.size, isLab: true, pulledAt: pulledAt)
    }
}
