import NubladaEngine

/// One image the controller prepulls: its digest, the tag it is pulled by, and its size.
struct DemoPrepullTarget: Sendable, Hashable {
    var digest: String
    var tag: String
    var size: Int
}

/// What the Nublado controller would prepull for a listing, and where, computed with the
/// engine's own image collection and eligibility rules (so the demo's nodes pull exactly
/// what the dashboard expects).
struct DemoPrepullPlan: Sendable {
    var options: PrepullerOptions
    var tolerations: [Toleration]

    /// The images to prepull, one per digest, in the controller's order.
    func targets(for entries: [RegistryEntry]) -> [DemoPrepullTarget] {
        let settings = LabImageSettings(prepuller: options, tolerations: tolerations)
        let columns = ImageEngine.evaluate(settings, listing: .artifactRegistry(entries), nodes: [], now: 0).dashboard.columns
        var seen = Set<String>()
        var targets: [DemoPrepullTarget] = []
        for column in columns where seen.insert(column.digest).inserted {
            // Pulled by the build's own tag when an alias points at it.
            let tag = column.aliasTarget ?? column.tag
            targets.append(DemoPrepullTarget(digest: column.digest, tag: tag, size: column.size ?? 5_000_000_000))
        }
        return targets
    }

    /// Whether the prepuller runs on a node with these taints.
    func isEligible(_ node: DemoNode) -> Bool {
        NodeEligibility(taints: node.taints, tolerations: tolerations).eligible
    }
}
