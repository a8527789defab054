/// What a prepull-matrix cell shows for one node and one prepull image.
public enum PrepullCell: Hashable, Sendable {
    /// The node caches the image.
    case cached
    /// An eligible node that does not cache it.
    case missing
    /// The node is not eligible, so the image is not required there.
    case notRequired
    /// The node lists the kubelet's maximum number of images, so its absence proves nothing.
    case unknown
}

/// One row of the image/alias panel.
///
/// A Docker source fetches digests only for the tags it prepulls: the other tags' rows have
/// no digest, size, upload time or nodes (nil and 0), never a guessed value.
public struct ImageRow: Hashable, Sendable {
    public var tag: String
    public var displayName: String
    public var type: ImageType
    /// For an alias, the tag it points to.
    public var aliasTarget: String?
    public var aliases: [String]
    /// For an alias, where it points and how that was found (nil for other tags); a target
    /// found by a search is also the row's `aliasTarget`.
    public var aliasLookup: AliasTarget? = nil
    /// Nil for a tag whose digest is unknown (Docker, outside the prepull set).
    public var digest: String?
    public var size: Int?
    /// Seconds since the epoch.
    public var uploadTime: Double?
    public var isRecommended: Bool
    public var isPinned: Bool
    /// Part of the prepull set.
    public var inPrepullSet: Bool
    /// Cached on every eligible node.
    public var prepulled: Bool
    /// Eligible nodes that cache it, by slot (their names are asked for when shown:
    /// `DashboardData.cachedNodes(of:)` and `missingNodes(of:)`; kept as names per image, they
    /// were most of a large cluster's picture, and half a million retains per refresh).
    var cachedOnEligible: NodeSet
    /// How many eligible nodes cache it.
    public var eligibleNodesCached: Int
}

/// One column of the prepull matrix: an image of the reported prepull set.
public struct PrepullColumn: Hashable, Sendable {
    public var tag: String
    /// For an alias whose target is not in the prepull set, the tag it points to.
    public var aliasTarget: String?
    public var displayName: String
    public var reference: String
    public var digest: String
    public var size: Int?
    /// Eligible nodes that cache it, and how many are eligible.
    public var cachedCount: Int
    public var eligibleCount: Int
}

/// One row of the prepull matrix: a node.
public struct NodeRow: Hashable, Sendable {
    public var name: String
    public var eligible: Bool
    /// Why the node is not eligible.
    public var comment: String?
    public var labels: [String: String]
    public var taints: [Taint]
    public var unschedulable: Bool
    /// The node's images as the kubelet reports them (the node's own array, not a copy).
    public var images: [NodeImage]
    /// The node lists the kubelet's maximum number of images (more may be cached).
    public var imageListMayBeTruncated: Bool
    /// One cell per prepull column.
    public var cells: [PrepullCell]
    /// Prepull images this eligible node is missing.
    public var missingCount: Int

    public static func == (a: NodeRow, b: NodeRow) -> Bool {
        a.name == b.name && a.eligible == b.eligible && a.comment == b.comment && a.labels == b.labels
            && a.taints == b.taints && a.unschedulable == b.unschedulable && a.cells == b.cells
            && a.missingCount == b.missingCount && a.imageListMayBeTruncated == b.imageListMayBeTruncated
            && a.images == b.images
    }

    /// The node's cached images with a digest, as (name to show, size), in the kubelet's order:
    /// worked out when a node's detail is shown, not for every node of every refresh.
    public var cachedImages: [(name: String, size: Int?)] {
        images.compactMap { entry in entry.digest == nil ? nil : (entry.shownName, entry.sizeBytes) }
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(name) }
}

/// An immutable picture of one refresh, everything the dashboard draws.
public struct DashboardData: Hashable, Sendable {
    /// `LOCATION-docker.pkg.dev/PROJECT/REPOSITORY/IMAGE`
    public var registryPath: String
    public var recommendedTag: String
    /// Every listed image in collection order (architecture-specific tags hidden).
    public var images: [ImageRow]
    public var columns: [PrepullColumn]
    /// Nodes in listing order.
    public var nodes: [NodeRow]
    public var eligibleNodeCount: Int
    /// When the refresh finished (seconds since the epoch).
    public var refreshedAt: Double
    /// Each row's node slot (a name listed twice has one), which `ImageRow.cachedOnEligible` holds.
    let rowSlots: [Int]

    init(service: ImageService, refreshedAt: Double) {
        let options = service.options
        registryPath = "\(options.source.registry)/\(options.source.path)"
        recommendedTag = options.recommendedTag
        self.refreshedAt = refreshedAt
        let eligible = service.eligibleNodes, eligibleCount = eligible.count
        eligibleNodeCount = eligibleCount
        let pins = Set(options.pin)
        let prepullSet = service.toPrepull
        images = service.listed().map { entry in
            switch entry {
            case .image(let image):
                let cachedOnEligible = image.nodes.intersected(with: eligible), cachedCount = cachedOnEligible.count
                return ImageRow(
                    tag: image.tagName, displayName: image.displayName, type: image.imageType,
                    aliasTarget: image.aliasTarget, aliases: image.allAliases, digest: image.digest, size: image.size,
                    uploadTime: image.uploadTime, isRecommended: image.tagName == options.recommendedTag,
                    isPinned: pins.contains(image.tagName), inPrepullSet: prepullSet.image(forTagName: image.tagName) != nil,
                    prepulled: cachedCount == eligibleCount, cachedOnEligible: cachedOnEligible, eligibleNodesCached: cachedCount)
            case .tagOnly(let tag):
                return ImageRow(
                    tag: tag.tag, displayName: tag.displayName, type: tag.imageType, aliasTarget: nil, aliases: [],
                    digest: nil, size: nil, uploadTime: nil, isRecommended: tag.tag == options.recommendedTag,
                    isPinned: pins.contains(tag.tag), inPrepullSet: false, prepulled: false, cachedOnEligible: NodeSet(),
                    eligibleNodesCached: 0)
            }
        }
        let reported = service.reportedPrepullImages()
        columns = reported.map { image in
            PrepullColumn(
                tag: image.tagName, aliasTarget: image.aliasTarget, displayName: image.displayName,
                reference: image.reference, digest: image.digest, size: image.size,
                cachedCount: image.nodes.intersectionCount(eligible), eligibleCount: eligibleCount)
        }
        rowSlots = service.nodes.map(\.slot)
        nodes = service.nodes.map { data in
            let node = data.node
            let truncated = node.imageListMayBeTruncated
            let cells: [PrepullCell] = reported.map { image in
                if image.nodes.contains(data.slot) { return .cached }
                if !data.eligibility.eligible { return .notRequired }
                return truncated ? .unknown : .missing
            }
            return NodeRow(
                name: node.name, eligible: data.eligibility.eligible, comment: data.eligibility.comment,
                labels: node.labels, taints: node.taints, unschedulable: node.unschedulable, images: node.images,
                imageListMayBeTruncated: truncated, cells: cells,
                missingCount: cells.filter { $0 == .missing || $0 == .unknown }.count)
        }
    }

    /// The eligible nodes that do not cache `image`, sorted by code point.
    public func missingNodes(of image: ImageRow) -> [String] {
        sortedByCodePoint(nodes.indices.lazy
            .filter { nodes[$0].eligible && !image.cachedOnEligible.contains(rowSlots[$0]) }.map { nodes[$0].name })
    }

    /// The eligible nodes that cache `image`, each name once, in listing order.
    public func cachedNodes(of image: ImageRow) -> [String] {
        var seen = NodeSet()
        return nodes.indices.compactMap { row in
            let slot = rowSlots[row]
            guard image.cachedOnEligible.contains(slot), !seen.contains(slot) else { return nil }
            seen.insert(slot)
            return nodes[row].name
        }
    }
}
