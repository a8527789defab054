import Foundation
import NubladaEngine
import NubladaStandIn

/// The controller's pods on the benchmark cluster: 600 users' labs and 40 prepull pods, and
/// their churn, as a busy cluster has it: every tick labs start, get going and stop, and each
/// prepull pod moves on (done and deleted, a new one elsewhere; or failing, then backing off).
struct BenchPods {
    static let labCount = 600
    static let prepullCount = 40

    private var random: SeededGenerator
    private let nodes: [String]
    /// Lab image digests (the listing's) and the images prepulled (`repository:tag@digest`).
    private let labImages: [String]
    private let prepullImages: [(tag: String, image: String)]
    private var labs: [String: StandInPod] = [:]
    private var prepulls: [String: StandInPod] = [:]
    private var nextUser = 0
    /// Changes made by the last tick (pods created, changed or deleted).
    private(set) var changes = 0

    init(dataset: StandInDataset, seed: UInt64 = 10) {
        random = SeededGenerator(seed: seed)
        nodes = dataset.nodes.map(\.name)
        let base = "\(dataset.source.registry)/\(dataset.source.path)"
        let tagged = dataset.entries.compactMap { entry -> (tag: String, digest: String)? in
            guard let digest = entry.nameAndDigest?.digest, let tag = entry.tags.first else { return nil }
            return (tag, digest)
        }
        labImages = tagged.prefix(30).map { "\(base)@\($0.digest)" }
        prepullImages = tagged.prefix(8).map { ($0.tag, "\(base):\($0.tag)@\($0.digest)") }
        let now = Date().timeIntervalSince1970
        for _ in 0..<Self.labCount { startLab(now: now - Double(random.next() % 36_000), running: true) }
        for _ in 0..<Self.prepullCount { startPrepull(now: now - Double(random.next() % 300)) }
    }

    var pods: [StandInPod] { Array(labs.values) + Array(prepulls.values) }

    private mutating func index(_ count: Int) -> Int { Int(random.next() % UInt64(count)) }

    private mutating func startLab(now: Double, running: Bool) {
        let user = "user\(nextUser)"
        nextUser += 1
        labs[user] = StandInPod(namespace: "nublado-\(user)", name: "nb-\(user)", labels: ["nublado.lsst.io/category": "lab"],
                                nodeName: nodes[index(nodes.count)], phase: running ? "Running" : "Pending",
                                creationTimestamp: RFC3339.format(now), containerName: "notebook",
                                image: labImages[index(labImages.count)])
    }

    private mutating func startPrepull(now: Double) {
        let node = nodes[index(nodes.count)]
        let (tag, image) = prepullImages[index(prepullImages.count)]
        let name = String("prepull-\(tag.replacingOccurrences(of: "_", with: "-"))-\(node)".prefix(253))
        prepulls[name] = StandInPod(namespace: "nublado", name: name, labels: ["nublado.lsst.io/category": "prepuller"],
                                    nodeName: node, phase: "Pending", creationTimestamp: RFC3339.format(now),
                                    containerName: "prepull", image: image, ownerPod: "nublado-controller-0")
    }

    /// One tick of churn: `labChanges` labs stop, as many start, as many get going; every
    /// fifth prepull pod moves on.
    mutating func tick(labChanges: Int = 5) {
        let now = Date().timeIntervalSince1970
        let before = Dictionary(uniqueKeysWithValues: pods.map { ("\($0.namespace)/\($0.name)", $0) })
        for _ in 0..<labChanges {
            if let user = labs.keys.sorted().first(where: { labs[$0]?.phase == "Running" && random.next() % 4 == 0 }) {
                labs[user] = nil
            }
            startLab(now: now, running: false)
            if let user = labs.keys.sorted().first(where: { labs[$0]?.phase == "Pending" }) { labs[user]?.phase = "Running" }
        }
        for name in prepulls.keys.sorted() where random.next() % 5 == 0 {
            switch (prepulls[name]?.waitingReason, random.next() % 4) {
            case (nil, 0): prepulls[name]?.waitingReason = "ErrImagePull"
            case ("ErrImagePull", _): prepulls[name]?.waitingReason = "ImagePullBackOff"
            case ("ImagePullBackOff", 1...): prepulls[name]?.waitingReason = "ErrImagePull"
            default:  // pulled, or given up on: deleted, and the next pull starts elsewhere
                prepulls[name] = nil
                startPrepull(now: now)
            }
        }
        let after = Dictionary(uniqueKeysWithValues: pods.map { ("\($0.namespace)/\($0.name)", $0) })
        changes = Set(before.keys).union(after.keys).filter { before[$0] != after[$0] }.count
    }
}
