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
        let images = options.source.images(from: entries, aliasTags: Set(options.aliasTags))
        let subset = RSPImageCollection(images, cycle: options.cycle).subset(
            releases: options.numReleases, weeklies: options.numWeeklies, dailies: options.numDailies,
            include: [options.recommendedTag] + options.pin)
        var seen = Set<String>()
        var targets: [DemoPrepullTarget] = []
        for image in subset.allImages(hideResolvedAliases: true) where seen.insert(image.digest).inserted {
            // Pulled by the build's own tag when an alias points at it.
            let tag = image.aliasTarget ?? image.tagName
            targets.append(DemoPrepullTarget(digest: image.digest, tag: tag, size: image.size ?? 5_000_000_000))
        }
        return targets
    }

    /// Whether the prepuller runs on a node with these taints.
    func isEligible(_ node: DemoNode) -> Bool {
        NodeEligibility(taints: node.taints, tolerations: tolerations).eligible
    }
}
