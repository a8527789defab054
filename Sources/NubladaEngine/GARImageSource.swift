/// Why an image lookup failed.
public enum ImageLookupError: Error, Equatable, CustomStringConvertible {
    /// A reference without a tag (and without a digest).
    case invalidReference(String)
    /// Not one of this source's images.
    case unknownImage(String)

    public var description: String {
        switch self {
        case .invalidReference(let message), .unknownImage(let message): return message
        }
    }
}

/// The images of one Artifact Registry repository, as the controller's `GARImageSource`
/// holds them: listed in one call, marked with the nodes that cache them, and answering
/// lookups, menus and prepull questions.
public final class GARImageSource: @unchecked Sendable {
    public let source: GARSourceOptions
    public let filterPolicy: ImageFilterPolicy
    private let lister: any RegistryLister
    private let aliasTags: Set<String>
    /// Every listed image (after the cycle filter).
    public private(set) var images = RSPImageCollection([])

    public init(source: GARSourceOptions, lister: any RegistryLister, filterPolicy: ImageFilterPolicy = ImageFilterPolicy(),
                aliasTags: [String] = []) {
        self.source = source
        self.lister = lister
        self.filterPolicy = filterPolicy
        self.aliasTags = Set(aliasTags)
    }

    /// The image a reference names: by digest when it has one, else by tag.
    public func imageForReference(_ reference: DockerReference) throws -> RSPImage {
        let image: RSPImage?
        if let digest = reference.digest {
            image = images.image(forDigest: digest)
        } else if let tag = reference.tag {
            image = images.image(forTagName: tag)
        } else {
            throw ImageLookupError.invalidReference("Docker reference \"\(reference)\" has no tag")
        }
        guard let image, reference.registry == source.registry, reference.repository == source.path else {
            throw ImageLookupError.unknownImage("Docker reference \"\(reference)\" not found")
        }
        return image
    }

    public func imageForTagName(_ tag: String) throws -> RSPImage {
        guard let image = images.image(forTagName: tag) else {
            throw ImageLookupError.unknownImage("Docker tag \"\(tag)\" not found")
        }
        return image
    }

    /// Optimistically records that `node` now caches `image` (and so all its aliases).
    public func markPrepulled(image: RSPImage, node: String) {
        images.markImageSeen(digest: image.digest, node: node)
    }

    /// The dropdown: every image passing the filter policy at `now` (seconds since the epoch).
    public func menuImages(now: Double) -> [MenuImage] {
        filterPolicy.filter(images, now: now).map { MenuImage(reference: $0.referenceWithDigest, name: $0.displayName) }
    }

    /// Every image with whether it is cached on all of `nodes`.
    public func prepulledImages(nodes: Set<String>) -> [PrepulledImageInfo] {
        images.allImages().map { PrepulledImageInfo($0, eligibleNodes: nodes) }
    }

    /// Lists the registry (unless `listing` holds what it already returned), records which
    /// nodes cache each image (by digest), and returns the subset to prepull: the newest
    /// releases, weeklies and dailies, the recommended tag and pins.
    public func updateImages(prepull: PrepullerOptions, nodeCache: [(node: String, images: [NodeImage])],
                             listing: [RegistryEntry]? = nil) throws -> RSPImageCollection
    {
        let entries = try listing ?? lister.listEntries(source)
        let listed = RSPImageCollection(source.images(from: entries, aliasTags: aliasTags), cycle: prepull.cycle)
        for (node, nodeImages) in nodeCache {
            for nodeImage in nodeImages {
                guard let digest = nodeImage.digest else { continue }
                listed.markImageSeen(digest: digest, node: node)
            }
        }
        images = listed
        return listed.subset(
            releases: prepull.numReleases, weeklies: prepull.numWeeklies, dailies: prepull.numDailies,
            include: [prepull.recommendedTag] + prepull.pin)
    }
}
