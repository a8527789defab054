import Foundation
import NubladaEngine

/// A small cluster evaluated by the engine's real path (`ImageEngine.evaluate` on an in-memory
/// listing and node list) and its activity: what a refresh hands the metrics. No wall clock.
enum MetricsFixtures {
    /// 2077-10-29 12:00:00 UTC.
    static let refreshedAt: Double = 3_402_734_400
    static let source = GARSourceOptions(location: "us-central1", projectID: "rubin-shared-services-71ec",
                                         repository: "sciplat", image: "sciplat-lab")
    static let prefix = "gke-core-"

    /// A well-formed `sha256:` digest made from `seed`.
    static func digest(_ seed: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var hex = ""
        while hex.count < 64 {
            for byte in (seed + String(hex.count)).utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
            let chunk = String(hash, radix: 16)
            hex += String(repeating: "0", count: 16 - chunk.count) + chunk
        }
        return "sha256:" + hex.prefix(64)
    }

    /// (tags of one digest, hours before the refresh it was uploaded)
    static let imageSpecs: [(tags: [String], hoursAgo: Double)] = [
        (["r29_0_0"], 24 * 40), (["r28_0_1"], 24 * 90),
        (["w_2077_43", "recommended", "latest_weekly"], 46), (["w_2077_42"], 46 + 24 * 7), (["w_2077_41"], 46 + 24 * 14),
        (["d_2077_10_28"], 22), (["d_2077_10_27"], 46),
    ]

    static func entries() -> [RegistryEntry] {
        imageSpecs.map { spec in
            RegistryEntry(uri: "\(source.registry)/\(source.path)@\(digest(spec.tags[0]))", tags: spec.tags,
                          sizeBytes: 5_000_000_000, uploadTime: refreshedAt - spec.hoursAgo * 3600)
        }
    }

    static func prepuller() -> PrepullerOptions {
        var options = PrepullerOptions(source: source)
        options.recommendedTag = "recommended"
        options.numReleases = 1
        options.numWeeklies = 2
        options.numDailies = 2
        options.pin = ["r28_0_1"]
        options.aliasTags = ["recommended", "latest_weekly"]
        return options
    }

    static func nodeImage(_ tag: String) -> NodeImage {
        let spec = imageSpecs.first { $0.tags.contains(tag) }!
        let base = "\(source.registry)/\(source.path)"
        return NodeImage(names: ["\(base)@\(digest(spec.tags[0]))", "\(base):\(tag)"], sizeBytes: 5_000_000_000)
    }

    /// Nodes fully prepulled, missing some, one tainted (ineligible), one listing the kubelet's
    /// 50 images (its cells unknown), and `extra` more with a mix of cached and missing.
    static func nodes(extra: Int = 0) -> [ClusterNode] {
        let everything = ["r29_0_0", "r28_0_1", "w_2077_43", "w_2077_42", "d_2077_10_28", "d_2077_10_27"]
        var nodes = [
            ClusterNode(name: prefix + "full", images: everything.map(nodeImage)),
            ClusterNode(name: prefix + "half", images: ["r29_0_0", "w_2077_43", "d_2077_10_27"].map(nodeImage)),
            ClusterNode(name: prefix + "bare", images: ["r29_0_0"].map(nodeImage)),
            ClusterNode(name: prefix + "gpu", taints: [Taint(key: "nvidia.com/gpu", value: "true", effect: "NoSchedule")],
                        images: ["r29_0_0"].map(nodeImage)),
        ]
        var truncated = ["r29_0_0"].map(nodeImage)
        for index in 0..<49 {
            truncated.append(NodeImage(names: ["docker.io/library/filler-\(index)@\(digest("filler\(index)"))"], sizeBytes: 1000))
        }
        nodes.append(ClusterNode(name: prefix + "many", images: truncated))
        for index in 0..<extra {
            let cached = everything.enumerated().filter { (offset, _) in (index * 7 + offset * 3) % 11 != 0 }.map(\.element)
            nodes.append(ClusterNode(name: prefix + String(format: "pool-%05d", index), images: cached.map(nodeImage)))
        }
        return nodes
    }

    static func picture(nodes: [ClusterNode] = nodes()) -> ClusterPicture {
        ImageEngine.evaluate(LabImageSettings(prepuller: prepuller()), listing: .artifactRegistry(entries()), nodes: nodes,
                             now: refreshedAt)
    }

    static func prepullPod(_ node: String, _ tag: String, minutesAgo: Double, reason: String?, namespace: String = "nublado")
        -> LabPod
    {
        let spec = imageSpecs.first { $0.tags.contains(tag) }!
        return LabPod(namespace: namespace, name: "prepull-\(tag)-\(node)", category: .prepuller, nodeName: prefix + node,
                      phase: "Pending", createdAt: refreshedAt - minutesAgo * 60,
                      image: "\(source.registry)/\(source.path):\(tag)@\(digest(spec.tags[0]))", waitingReason: reason)
    }

    static func labPod(_ user: String, _ node: String, _ image: String) -> LabPod {
        LabPod(namespace: "nublado-\(user)", name: "nb-\(user)", category: .lab, nodeName: prefix + node, phase: "Running",
               createdAt: refreshedAt - 3600, image: "\(source.registry)/\(source.path)\(image)")
    }

    /// Pulls in every state (one for a cell already cached: cached wins), labs on prepull
    /// images and one outside the prepull set.
    static func pods() -> [LabPod] {
        [
            prepullPod("bare", "w_2077_43", minutesAgo: 2, reason: "ContainerCreating"),
            prepullPod("bare", "r28_0_1", minutesAgo: 5, reason: "ErrImagePull"),
            prepullPod("half", "w_2077_42", minutesAgo: 3, reason: "ImagePullBackOff"),
            prepullPod("half", "d_2077_10_28", minutesAgo: 25, reason: "ContainerCreating"),
            prepullPod("many", "w_2077_42", minutesAgo: 1, reason: "ContainerCreating"),
            prepullPod("full", "r29_0_0", minutesAgo: 1, reason: "ErrImagePull"),
            labPod("ann", "full", ":recommended"),
            labPod("bob", "half", "@\(digest("w_2077_43"))"),
            labPod("cat", "gpu", "@\(digest("w_2077_41"))"),
            labPod("dan", "full", ":r29_0_0"),
        ]
    }

    static func outcome(nodes: [ClusterNode] = nodes(), pods: [LabPod] = pods()) -> RefreshOutcome {
        let picture = picture(nodes: nodes)
        var data = picture.dashboard
        data.refreshedAt = refreshedAt
        return .success(data, activity: .activity(ClusterActivity(picture: picture, pods: pods, now: refreshedAt)))
    }
}

/// One sample of an exposition, its label values unescaped.
struct Sample: Equatable {
    var name: String
    var labels: [String: String]
    var value: Double
}

/// Reads the samples of an exposition (either format), unescaping label values.
func samples(_ body: String) -> [Sample] {
    body.split(separator: "\n").compactMap { line -> Sample? in
        guard !line.hasPrefix("#") else { return nil }
        var name = "", labels: [String: String] = [:]
        var index = line.startIndex
        while index < line.endIndex, line[index] != "{", line[index] != " " { name.append(line[index]); index = line.index(after: index) }
        if index < line.endIndex, line[index] == "{" {
            index = line.index(after: index)
            while line[index] != "}" {
                var key = ""
                while line[index] != "=" { key.append(line[index]); index = line.index(after: index) }
                index = line.index(index, offsetBy: 2)  // ="
                var value = ""
                while line[index] != "\"" {
                    if line[index] == "\\" {
                        index = line.index(after: index)
                        value.append(line[index] == "n" ? "\n" : line[index])
                    } else {
                        value.append(line[index])
                    }
                    index = line.index(after: index)
                }
                labels[key] = value
                index = line.index(after: index)
                if line[index] == "," { index = line.index(after: index) }
            }
            index = line.index(after: index)
        }
        let value = line[index...].trimmingCharacters(in: .whitespaces)
        return Sample(name: name, labels: labels, value: value == "+Inf" ? .infinity : Double(value) ?? .nan)
    }
}

extension Array where Element == Sample {
    func named(_ name: String) -> [Sample] { filter { $0.name == name } }
    func value(_ name: String, _ labels: [String: String]) -> Double? {
        first { sample in sample.name == name && labels.allSatisfy { key, value in sample.labels[key] == value } }?.value
    }
}
