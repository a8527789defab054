/// One node as the image service tracks it.
struct NodeData: Sendable {
    var node: ClusterNode
    var eligibility: NodeEligibility
    /// Its name's slot in the evaluation's `NodeSet`s (a name listed twice has one slot).
    var slot: Int
}

/// One entry of what the registry lists, in the controller's order: an image, or (Docker only)
/// a tag whose digest was not fetched because it is not prepulled.
enum ListedImage {
    case image(RSPImage)
    case tagOnly(ImageTag)

    var tag: ImageTag {
        switch self {
        case .image(let image): return image.tag
        case .tagOnly(let tag): return tag
        }
    }
}

/// The controller's image service for one evaluation: joins the registry listing and the node
/// list into the images, what should be prepulled and what is. Built once per refresh by
/// `ImageEngine` and dropped after; its documents are values.
///
/// The two sources differ only here (spec §4b): an Artifact Registry listing makes an image
/// of every tag; a Docker source knows every tag but makes images only of the prepull tags
/// whose digests were fetched, and learns sizes from the nodes.
final class ImageService {
    let options: PrepullerOptions
    let dropdown: ImageFilterPolicy
    /// The images made from the listing (Docker: the prepull tags only).
    let images: RSPImageCollection
    /// Docker only: every tag of the repository (after the cycle filter).
    let tags: ImageTagCollection?
    /// The images to prepull.
    let toPrepull: RSPImageCollection
    /// The listed nodes, in listing order.
    let nodes: [NodeData]
    /// Each distinct node name by slot: the order in which names are first listed.
    let nodeNames: [String]
    /// The slots in code-point order of their names (how the controller sorts node names).
    let slotsByName: [Int]
    /// The nodes images must be prepulled to.
    let eligibleNodes: NodeSet

    init(settings: LabImageSettings, listing: RegistryListing, nodeList: [ClusterNode], parallelism: Parallelism = .sequential) {
        options = settings.prepuller
        dropdown = settings.dropdown
        var slots: [String: Int] = [:], names: [String] = [], eligible = NodeSet()
        nodes = nodeList.map { node in
            let slot = slots[node.name] ?? names.count
            if slot == names.count {
                slots[node.name] = slot
                names.append(node.name)
            }
            let eligibility = NodeEligibility(taints: node.taints, tolerations: settings.tolerations)
            if eligibility.eligible { eligible.insert(slot) }
            return NodeData(node: node, eligibility: eligibility, slot: slot)
        }
        nodeNames = names
        slotsByName = names.indices.sorted { compareCodePoints(names[$0], names[$1]) < 0 }
        eligibleNodes = eligible
        let options = settings.prepuller
        switch listing {
        case .artifactRegistry(let entries):
            // Only a Google source reads such a listing; for any other there is nothing in it.
            let made = options.source.google.map { $0.images(from: entries, aliasTags: Set(options.aliasTags)) } ?? []
            let listed = RSPImageCollection(made, cycle: options.cycle)
            listed.markSeen(on: nodes, learningSizes: false, parallelism: parallelism)
            images = listed
            tags = nil
            toPrepull = listed.prepullSubset(options)
        case .docker(let names, let digests, _):
            let all = ImageService.dockerTags(names, options: options)
            let resolved = ImageService.dockerPrepullTags(all, options: options).compactMap { tag in
                digests[tag.tag].map { RSPImage(tag: tag, registry: options.source.registry, repository: options.source.path, digest: $0) }
            }
            let collection = RSPImageCollection(resolved)
            collection.markSeen(on: nodes, learningSizes: true, parallelism: parallelism)
            images = collection
            tags = all
            toPrepull = collection
        }
    }

    /// A Docker repository's tags as the controller parses them: the recommended tag and the
    /// configured alias tags are aliases; with a cycle, only that cycle's tags.
    static func dockerTags(_ names: [String], options: PrepullerOptions) -> ImageTagCollection {
        ImageTagCollection(names: names, aliases: Set([options.recommendedTag] + options.aliasTags), cycle: options.cycle)
    }

    /// The tags a Docker source prepulls, in the order their images are built.
    static func dockerPrepullTags(_ tags: ImageTagCollection, options: PrepullerOptions) -> [ImageTag] {
        tags.prepullSubset(options).allTags()
    }

    /// Everything the registry lists, in collection order (architecture-specific tags hidden).
    func listed() -> [ListedImage] {
        guard let tags else { return images.allImages().map(ListedImage.image) }
        return tags.allTags().map { tag in images.image(forTagName: tag.tag).map(ListedImage.image) ?? .tagOnly(tag) }
    }

    /// The dropdown's entries: what the filter policy keeps at `now`, in collection order.
    func dropdownEntries(now: Double) -> [ListedImage] {
        guard let tags else { return dropdown.filter({ images.images(ofType: $0) }, tag: \.tag, now: now).map(ListedImage.image) }
        return dropdown.filter({ tags.tags(ofType: $0) }, tag: \.self, now: now).map { tag in
            images.image(forTagName: tag.tag).map(ListedImage.image) ?? .tagOnly(tag)
        }
    }

    /// `registry/repository:tag` for a tag without an image.
    func reference(_ tag: ImageTag) -> String { "\(options.source.registry)/\(options.source.path):\(tag.tag)" }

    /// The `/spawner/v1/images` document.
    func spawnerImages() -> SpawnerImages {
        let eligible = eligibleNodes
        func info(_ image: RSPImage?) -> PrepulledImageInfo? { image.map { PrepulledImageInfo($0, eligibleNodes: eligible) } }
        return SpawnerImages(
            recommended: info(toPrepull.image(forTagName: options.recommendedTag)),
            latestWeekly: info(toPrepull.latest(.weekly)), latestDaily: info(toPrepull.latest(.daily)),
            latestRelease: info(toPrepull.latest(.release)),
            all: listed().map { entry in
                switch entry {
                case .image(let image): return PrepulledImageInfo(image, eligibleNodes: eligible)
                case .tagOnly(let tag): return PrepulledImageInfo(unresolved: tag, reference: reference(tag))
                }
            })
    }

    /// The spawner menu: recommended first, then prepulled images (an image an alias in the
    /// set points to is shown once, under the alias); and the filtered dropdown.
    func menuImages(now: Double) -> MenuImages {
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
        let dropdown = dropdownEntries(now: now).map { entry -> MenuImage in
            switch entry {
            case .image(let image): return MenuImage(reference: image.referenceWithDigest, name: image.displayName)
            case .tagOnly(let tag): return MenuImage(reference: reference(tag), name: tag.displayName)
            }
        }
        return MenuImages(menu: menu, dropdown: dropdown)
    }

    /// The images to prepull without aliases whose target is also in the set.
    func reportedPrepullImages() -> [RSPImage] {
        toPrepull.allImages(hideResolvedAliases: true)
    }

    /// The `/spawner/v1/prepulls` document.
    func prepullStatus() -> PrepullerStatus {
        let eligible = eligibleNodes
        // One entry per distinct name, where it is first listed, as a later listing describes it.
        var bySlot = [NodeStatus?](repeating: nil, count: nodeNames.count)
        for data in nodes {
            bySlot[data.slot] = NodeStatus(name: data.node.name, eligible: data.eligibility.eligible,
                                               comment: data.eligibility.comment, cached: [])
        }
        var prepulled: [NodeImageStatus] = []
        var pending: [NodeImageStatus] = []
        for image in reportedPrepullImages() {
            let cachedSlots = slotsByName.filter { image.nodes.contains($0) }
            var status = NodeImageStatus(
                reference: image.reference, tag: image.tagName, name: image.displayName, digest: image.digest,
                size: image.size, nodes: cachedSlots.map { nodeNames[$0] }, missing: [])
            if image.isPrepulled(on: eligible) {
                prepulled.append(status)
            } else {
                status.missing = slotsByName.lazy.filter { eligible.contains($0) && !image.nodes.contains($0) }
                    .map { self.nodeNames[$0] }
                pending.append(status)
            }
            for slot in cachedSlots { bySlot[slot]?.cached.append(image.reference) }
        }
        let nodeStatus = bySlot.compactMap { $0 }
        return PrepullerStatus(config: options, prepulled: prepulled, pending: pending, nodes: nodeStatus)
    }

    /// The image a reference names, as the controller looks it up: by digest when it has one,
    /// else by tag; nil when it is not one of this source's images.
    func image(for reference: DockerReference) -> RSPImage? {
        guard reference.registry == options.source.registry, reference.repository == options.source.path else { return nil }
        if let digest = reference.digest { return images.image(forDigest: digest) }
        return reference.tag.flatMap { images.image(forTagName: $0) }
    }
}
