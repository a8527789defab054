import NubladaEngine
import NubladaStandIn

/// One image of the demo repository: a digest with its tags (the build's own tag first,
/// then any alias tags pointing at it).
struct DemoImage: Sendable, Hashable {
    /// The image name within the repository (`sciplat-lab`, or an unrelated image).
    var name: String
    /// `sha256:…`
    var digest: String
    var tags: [String]
    var size: Int
    /// Seconds since the epoch (simulated).
    var uploadTime: Double

    /// The build's own tag.
    var primaryTag: String { tags.first ?? digest }
}

/// The demo's Artifact Registry repository, as a mutable model: pushes, alias moves and
/// retention pruning. Bounded: pruning keeps dailies and weeklies to rolling windows.
struct DemoRegistry: Sendable {
    let source: GARSourceOptions
    /// `registry/path` in image references: the configured source's (a Docker demo's host).
    let referenceBase: String
    private(set) var images: [DemoImage] = []

    init(source: GARSourceOptions, referenceBase: String? = nil) {
        self.source = source
        self.referenceBase = referenceBase ?? "\(source.registry)/\(source.path)"
    }

    /// Adds a build.
    mutating func push(_ image: DemoImage) {
        images.append(image)
    }

    /// The lab image (of the configured image name) holding `tag`.
    func image(withTag tag: String) -> DemoImage? {
        images.first { $0.name == source.image && $0.tags.contains(tag) }
    }

    /// Moves an alias tag onto the lab image whose own tag is `target`; returns the own tag
    /// of the image it left (nil when it was nowhere). Does nothing when `target` is unknown.
    @discardableResult
    mutating func moveAlias(_ alias: String, to target: String) -> String? {
        guard let destination = images.firstIndex(where: { $0.name == source.image && $0.primaryTag == target })
        else { return nil }
        var previous: String?
        for index in images.indices where images[index].name == source.image {
            if let position = images[index].tags.firstIndex(of: alias), position > 0 {
                previous = images[index].primaryTag
                images[index].tags.remove(at: position)
            }
        }
        images[destination].tags.append(alias)
        return previous
    }

    /// Removes the oldest lab builds whose own tag starts with `prefix` (and carries a SAL
    /// cycle exactly when `cycleBuilds`) beyond the newest `keep`; images holding an alias stay. Returns the removed tags.
    mutating func prune(prefix: String, keep: Int, cycleBuilds: Bool = false) -> [String] {
        let candidates = images.indices.filter {
            images[$0].name == source.image && images[$0].primaryTag.hasPrefix(prefix)
                && images[$0].primaryTag.contains("_c0") == cycleBuilds
        }
        guard candidates.count > keep else { return [] }
        let oldestFirst = candidates.sorted { images[$0].uploadTime < images[$1].uploadTime }
        var removed: Set<Int> = []
        for index in oldestFirst.prefix(candidates.count - keep) where images[index].tags.count == 1 {
            removed.insert(index)
        }
        let tags = removed.sorted().map { images[$0].primaryTag }
        images = images.enumerated().filter { !removed.contains($0.offset) }.map(\.element)
        return tags
    }

    /// The listing GAR returns: one entry per digest, newest upload first.
    var entries: [RegistryEntry] {
        images.sorted { $0.uploadTime > $1.uploadTime }.map { image in
            RegistryEntry(uri: "\(source.registry)/\(source.projectID)/\(source.repository)/\(image.name)@\(image.digest)",
                          tags: image.tags, sizeBytes: image.size, uploadTime: image.uploadTime)
        }
    }

    /// `registry/repository:tag` of a lab tag.
    func reference(tag: String) -> String { "\(referenceBase):\(tag)" }

    /// `registry/repository@digest` of a lab digest.
    func reference(digest: String) -> String { "\(referenceBase)@\(digest)" }
}
