/// One node as the image service tracks it.
public struct NodeData: Sendable {
    public var node: ClusterNode
    public var eligibility: NodeEligibility
}

/// The controller's image service: joins the registry (through `GARImageSource`) and the
/// node list into what should be prepulled, what is, and the three API documents.
public final class ImageService: @unchecked Sendable {
    public let options: PrepullerOptions
    public let tolerations: [Toleration]
    public let source: GARImageSource
    /// The images to prepull, after the last refresh.
    public private(set) var toPrepull = RSPImageCollection([])
    /// The listed nodes, in listing order, after the last refresh.
    public private(set) var nodes: [NodeData] = []

    public init(options: PrepullerOptions, tolerations: [Toleration], source: GARImageSource) {
        self.options = options
        self.tolerations = tolerations
        self.source = source
    }

    /// Names of the nodes images must be prepulled to.
    public var eligibleNodes: Set<String> { Set(nodes.filter(\.eligibility.eligible).map(\.node.name)) }

    /// Re-reads the registry (or takes `listing`, already read) and recomputes everything for
    /// this node list.
    public func refresh(nodeList: [ClusterNode], listing: [RegistryEntry]? = nil) throws {
        let cache = nodeList.map { (node: $0.name, images: $0.images) }
        let subset = try source.updateImages(prepull: options, nodeCache: cache, listing: listing)
        nodes = nodeList.map { NodeData(node: $0, eligibility: NodeEligibility(taints: $0.taints, tolerations: tolerations)) }
        toPrepull = subset
    }

    /// Records a finished prepull of `image` on `node`, if it is one of the images to prepull.
    public func markPrepulled(image: RSPImage, node: String) {
        if toPrepull.image(forDigest: image.digest) != nil {
            source.markPrepulled(image: image, node: node)
        }
    }

    /// The `/spawner/v1/images` document.
    public func images() -> SpawnerImages {
        let eligible = eligibleNodes
        func info(_ image: RSPImage?) -> PrepulledImageInfo? { image.map { PrepulledImageInfo($0, eligibleNodes: eligible) } }
        return SpawnerImages(
            recommended: info(toPrepull.image(forTagName: options.recommendedTag)),
            latestWeekly: info(toPrepull.latest(.weekly)), latestDaily: info(toPrepull.latest(.daily)),
            latestRelease: info(toPrepull.latest(.release)), all: source.prepulledImages(nodes: eligible))
    }

    /// The spawner menu: recommended first, then prepulled images (an image an alias in the
    /// set points to is shown once, under the alias); and the filtered dropdown.
    public func menuImages(now: Double) -> MenuImages {
        let eligible = eligibleNodes
        var menu: [MenuImage] = []
        var recommended: MenuImage?
        for image in toPrepull.allImages(hideAliased: true) {
            let entry = MenuImage(reference: image.referenceWithDigest, name: image.displayName)
            if image.tagName == options.recommendedTag {
                recommended = entry
            } else if image.isPrepulled(on: eligible) {
                menu.append(entry)
            }
        }
        if let recommended { menu.insert(recommended, at: 0) }
        return MenuImages(menu: menu, dropdown: source.menuImages(now: now))
    }

    /// The images to prepull without aliases whose target is also in the set.
    public func reportedPrepullImages() -> [RSPImage] {
        toPrepull.allImages(hideResolvedAliases: true)
    }

    /// The `/spawner/v1/prepulls` document.
    public func prepullStatus() -> PrepullerStatus {
        let eligible = eligibleNodes
        var index: [String: Int] = [:]
        var nodeStatus: [NodeStatus] = []
        for data in nodes {
            if let existing = index[data.node.name] {
                nodeStatus[existing] = NodeStatus(name: data.node.name, eligible: data.eligibility.eligible,
                                                  comment: data.eligibility.comment, cached: [])
                continue
            }
            index[data.node.name] = nodeStatus.count
            nodeStatus.append(NodeStatus(name: data.node.name, eligible: data.eligibility.eligible,
                                         comment: data.eligibility.comment, cached: []))
        }
        var prepulled: [NodeImageStatus] = []
        var pending: [NodeImageStatus] = []
        for image in reportedPrepullImages() {
            var status = NodeImageStatus(
                reference: image.reference, tag: image.tagName, name: image.displayName, digest: image.digest,
                size: image.size, nodes: sortedByCodePoint(image.nodes), missing: [])
            if image.isPrepulled(on: eligible) {
                prepulled.append(status)
            } else {
                status.missing = sortedByCodePoint(eligible.subtracting(image.nodes))
                pending.append(status)
            }
            for node in status.nodes {
                if let position = index[node] { nodeStatus[position].cached.append(image.reference) }
            }
        }
        return PrepullerStatus(config: options, prepulled: prepulled, pending: pending, nodes: nodeStatus)
    }

    /// The snapshot document: `{"images": …, "menu": …, "prepulls": …}`.
    public func snapshotJSON(now: Double) -> JSONValue {
        .object(["images": images().json, "menu": menuImages(now: now).json, "prepulls": prepullStatus().json])
    }
}
