import Foundation
import NubladaEngine

/// A generated registry listing and node list that belong together.
public struct StandInDataset: Sendable {
    /// The repository and image the listing is of.
    public var source: GARSourceOptions
    /// The registry's images (one entry per digest, with all its tags), newest first.
    public var entries: [RegistryEntry]
    /// The cluster's nodes, each caching images of the listing (and a few others).
    public var nodes: [ClusterNode]

    public init(source: GARSourceOptions, entries: [RegistryEntry], nodes: [ClusterNode]) {
        self.source = source
        self.entries = entries
        self.nodes = nodes
    }

    /// The number of tags of the listing (aliases included).
    public var tagCount: Int { entries.reduce(0) { $0 + $1.tags.count } }

    /// The GAR listing document `{"dockerImages": [...]}` (one page, everything).
    public func registryJSON() -> Data {
        var writer = JSONWriter(capacity: entries.count * 600)
        writer.raw("{\"dockerImages\":[")
        for (index, entry) in entries.enumerated() {
            if index > 0 { writer.raw(",") }
            writer.raw(RegistryDataset.encode(entry, parent: source.parent))
        }
        writer.raw("]}")
        return Data(writer.bytes)
    }

    /// The NodeList document of every node.
    public func nodeListJSON(resourceVersion: Int = 1) -> Data {
        var writer = JSONWriter(capacity: nodes.count * 12_000)
        writer.raw("{\"kind\":\"NodeList\",\"apiVersion\":\"v1\",\"metadata\":{")
        writer.field("resourceVersion", String(resourceVersion), first: true)
        writer.raw("},\"items\":[")
        for (index, node) in nodes.enumerated() {
            if index > 0 { writer.raw(",") }
            writer.raw(NodeDataset.encode(node, resourceVersion: resourceVersion, ordinal: index).json)
        }
        writer.raw("]}")
        return Data(writer.bytes)
    }
}

/// Generates realistic Rubin Science Platform data: a `sciplat-lab` repository of dailies,
/// weeklies, releases, release candidates and experimentals with alias tags, and GKE nodes
/// whose kubelets report cached images (largest first, as `status.images`).
/// The same seed gives the same data.
public enum StandInFixtures {
    /// The source the benchmark and demo use by default.
    public static let defaultSource = GARSourceOptions(
        location: "us-central1", projectID: "rubin-shared-services-71ec", repository: "sciplat", image: "sciplat-lab")

    /// The alias tags the listing carries (on existing digests).
    public static let aliasTags = ["recommended", "latest_release", "latest_weekly", "latest_daily"]

    /// The benchmark's dataset: 2,000 nodes, 50 cached images a node, 300 registry tags.
    public static func benchmark(seed: UInt64 = 2024) -> StandInDataset {
        dataset(nodes: 2000, imagesPerNode: 50, tags: 300, seed: seed)
    }

    /// A dataset of `nodes` nodes caching `imagesPerNode` images each and a listing of
    /// `tags` tags (aliases included; at least one entry).
    /// - Parameter now: seconds since the epoch of the newest daily (fixed by default).
    public static func dataset(nodes nodeCount: Int, imagesPerNode: Int, tags: Int, seed: UInt64 = 1,
                               source: GARSourceOptions = defaultSource, now: Double = 1_793_527_200) -> StandInDataset
    {
        var random = SeededGenerator(seed: seed)
        let entries = registryEntries(tags: tags, source: source, now: now, random: &random)
        let nodes = clusterNodes(count: nodeCount, imagesPerNode: imagesPerNode, entries: entries, source: source,
                                 random: &random)
        return StandInDataset(source: source, entries: entries, nodes: nodes)
    }

    // MARK: Registry

    private static func registryEntries(tags: Int, source: GARSourceOptions, now: Double,
                                        random: inout SeededGenerator) -> [RegistryEntry]
    {
        let aliasCount = tags >= 8 ? aliasTags.count : 0
        let entryCount = max(1, tags - aliasCount)
        let day = 86_400.0
        let today = Int(now / day)
        var named: [(tag: String, time: Double, kind: Character)] = []
        // Proportions close to the real repository: mostly dailies, a weekly a week, releases.
        let releases = max(entryCount / 12, entryCount >= 3 ? 1 : 0)
        let candidates = entryCount >= 20 ? max(1, entryCount / 30) : 0
        let experimentals = entryCount >= 20 ? max(1, entryCount / 30) : 0
        let weeklies = entryCount >= 2 ? max(1, (entryCount - releases - candidates - experimentals) / 4) : 0
        let dailies = entryCount - releases - candidates - experimentals - weeklies
        for index in 0..<dailies {
            let days = today - index
            let (year, month, dayOfMonth) = Timestamps.civil(fromDays: days)
            named.append((String(format: "d_%04d_%02d_%02d", year, month, dayOfMonth), Double(days) * day + 36_000, "d"))
        }
        for index in 0..<weeklies {
            let days = today - 3 - index * 7
            let (year, _, _) = Timestamps.civil(fromDays: days)
            let week = weekOfYear(days: days)
            named.append((String(format: "w_%04d_%02d", year, week), Double(days) * day + 40_000, "w"))
        }
        for index in 0..<releases {
            let major = 29 - index / 3
            let minor = index % 3 == 0 ? 0 : 1
            let patch = index % 3 == 2 ? 1 : 0
            named.append(("r\(major)_\(minor)_\(patch)", now - Double(index * 45 + 10) * day, "r"))
        }
        for index in 0..<candidates {
            named.append(("r\(30 + index / 3)_0_0_rc\(index % 3 + 1)", now - Double(index * 5 + 2) * day, "c"))
        }
        for index in 0..<experimentals {
            named.append(("exp_w_2026_\(String(format: "%02d", 40 - index % 40))_\(random.word(6, from: "abcdefghijklmnopqrstuvwxyz"))",
                          now - Double(index * 4 + 1) * day, "x"))
        }
        named.sort { $0.time > $1.time }
        var entries = named.map { item in
            RegistryEntry(
                uri: "\(source.registry)/\(source.path)@sha256:\(random.hex(64))", tags: [item.tag],
                sizeBytes: 3_000_000_000 + Int(random.next() % 5_000_000_000),
                uploadTime: item.time + Double(random.next() % 1_000_000) / 1_000_000)
        }
        if aliasCount > 0 {
            let firstRelease = named.firstIndex { $0.kind == "r" }
            let firstWeekly = named.firstIndex { $0.kind == "w" }
            let firstDaily = named.firstIndex { $0.kind == "d" }
            for (alias, position) in [("recommended", firstWeekly), ("latest_release", firstRelease),
                                      ("latest_weekly", firstWeekly), ("latest_daily", firstDaily)]
            {
                entries[position ?? 0].tags.append(alias)
            }
        }
        return entries
    }

    /// The ISO-like week number the Rubin weekly tags use (week 1 holds January 1st).
    private static func weekOfYear(days: Int) -> Int {
        let (year, _, _) = Timestamps.civil(fromDays: days)
        var january1 = days
        while Timestamps.civil(fromDays: january1 - 1).0 == year { january1 -= 1 }
        return (days - january1) / 7 + 1
    }

    // MARK: Nodes

    /// Platform images every node caches besides lab images (name, size in bytes).
    package static let otherImages: [(name: String, size: Int)] = [
        ("ghcr.io/lsst-sqre/nublado-jupyterlab-base", 1_913_442_104),
        ("ghcr.io/lsst-sqre/nublado-inithome", 91_331_020),
        ("ghcr.io/lsst-sqre/nublado-controller", 78_208_517),
        ("gke.gcr.io/gke-metrics-agent", 61_243_817),
        ("gke.gcr.io/fluent-bit", 45_210_443),
        ("gke.gcr.io/kube-proxy-amd64", 27_118_921),
        ("gke.gcr.io/csi-node-driver-registrar", 11_932_044),
        ("registry.k8s.io/pause", 268_803),
    ]

    private static func clusterNodes(count: Int, imagesPerNode: Int, entries: [RegistryEntry],
                                     source: GARSourceOptions, random: inout SeededGenerator) -> [ClusterNode]
    {
        let cluster = "science-platform"
        let pools: [(name: String, share: Int, hash: String, machine: String)] = [
            ("core-pool", 10, random.hex(8), "n2-standard-8"),
            ("user-lab-pool", 85, random.hex(8), "n2-highmem-32"),
            ("dask-pool", 5, random.hex(8), "n2-highmem-16"),
        ]
        let zones = ["us-central1-a", "us-central1-b", "us-central1-c"]
        var usedNames = Set<String>()
        var nodes: [ClusterNode] = []
        nodes.reserveCapacity(count)
        for index in 0..<count {
            let share = Int(random.next() % 100)
            let pool = share < pools[0].share ? pools[0] : share < pools[0].share + pools[1].share ? pools[1] : pools[2]
            var name = ""
            repeat {
                name = "gke-\(cluster)-\(pool.name)-\(pool.hash)-\(random.word(4, from: "abcdefghijklmnopqrstuvwxyz0123456789"))"
            } while !usedNames.insert(name).inserted
            let labels = [
                "cloud.google.com/gke-nodepool": pool.name,
                "cloud.google.com/gke-os-distribution": "cos",
                "cloud.google.com/machine-family": String(pool.machine.prefix(2)),
                "kubernetes.io/arch": "amd64",
                "kubernetes.io/hostname": name,
                "kubernetes.io/os": "linux",
                "node.kubernetes.io/instance-type": pool.machine,
                "topology.kubernetes.io/region": "us-central1",
                "topology.kubernetes.io/zone": zones[index % zones.count],
            ]
            var taints: [Taint] = []
            if pool.name == "dask-pool" {
                taints.append(Taint(key: "nublado.lsst.io/permitted", value: "dask", effect: "NoSchedule"))
            }
            if random.next() % 100 == 0 {
                taints.append(Taint(key: "node.kubernetes.io/unschedulable", effect: "NoSchedule"))
            }
            let unschedulable = taints.contains { $0.key == "node.kubernetes.io/unschedulable" }
            nodes.append(ClusterNode(
                name: name, labels: labels, taints: taints, unschedulable: unschedulable,
                images: cachedImages(count: imagesPerNode, entries: entries, source: source, random: &random)))
        }
        return nodes
    }

    /// `count` images a kubelet reports: mostly lab images (newer ones likelier), a few
    /// platform images, largest first.
    private static func cachedImages(count: Int, entries: [RegistryEntry], source: GARSourceOptions,
                                     random: inout SeededGenerator) -> [NodeImage]
    {
        guard count > 0 else { return [] }
        var images: [NodeImage] = []
        let others = min(otherImages.count, max(0, count / 8))
        var chosen = Set<Int>()
        let labCount = min(entries.count, count - others)
        while chosen.count < labCount {
            // Skewed toward the start of the listing (the newest images).
            let draw = Double(random.next() % 1_000_000) / 1_000_000
            chosen.insert(min(entries.count - 1, Int(draw * draw * Double(entries.count))))
        }
        for position in chosen.sorted() {
            let entry = entries[position]
            var names = [entry.uri]
            if let tag = entry.tags.first { names.append("\(source.registry)/\(source.path):\(tag)") }
            images.append(NodeImage(names: names, sizeBytes: entry.sizeBytes))
        }
        for other in otherImages.prefix(count - images.count) {
            let digest = random.hex(64)
            images.append(NodeImage(names: ["\(other.name)@sha256:\(digest)", "\(other.name):\(random.word(7, from: "0123456789abcdef"))"],
                                    sizeBytes: other.size))
        }
        return images.sorted { ($0.sizeBytes ?? 0) > ($1.sizeBytes ?? 0) }
    }
}
