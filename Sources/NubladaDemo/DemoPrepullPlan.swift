import NubladaEngine
import NubladaStandIn

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
    var settings: DemoSettings
    var tolerations: [Toleration] { settings.tolerations }

    /// The images to prepull, one per digest, in the controller's order (for the configured
    /// source: a Docker source chooses from tags).
    func targets(for entries: [RegistryEntry]) -> [DemoPrepullTarget] {
        let lab = LabImageSettings(prepuller: settings.prepuller, tolerations: tolerations)
        let columns = ImageEngine.evaluate(lab, listing: settings.listing(entries), nodes: [], now: 0).dashboard.columns
        var seen = Set<String>()
        var targets: [DemoPrepullTarget] = []
        for column in columns where seen.insert(column.digest).inserted {
            // Pulled by the build's own tag when an alias points at it.
            let tag = column.aliasTarget ?? column.tag
            let size = column.size ?? entries.first { $0.nameAndDigest?.digest == column.digest }?.sizeBytes
            targets.append(DemoPrepullTarget(digest: column.digest, tag: tag, size: size ?? 5_000_000_000))
        }
        return targets
    }

    /// Whether the prepuller runs on a node with these taints.
    func isEligible(_ node: DemoNode) -> Bool {
        NodeEligibility(taints: node.taints, tolerations: tolerations).eligible
    }
}
