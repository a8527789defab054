/// A set of images with the controller's lookups: by tag, by digest (the primary image of
/// each digest), by type newest first, and alias resolution among images sharing a digest.
final class RSPImageCollection {
    private var byDigest: [String: RSPImage] = [:]
    private var byTagName: [String: RSPImage] = [:]
    private var byType: [ImageType: [RSPImage]] = [:]

    /// Builds a collection, keeping only images of SAL cycle `cycle` when given.
    ///
    /// Non-alias images are indexed by digest first (the first listed stays primary for its
    /// digest); then every alias or unknown tag is resolved against the primary of its digest.
    init(_ images: [RSPImage], cycle: Int? = nil) {
        let kept = cycle == nil ? images : images.filter { $0.tag.cycle == cycle }
        var unresolved: [RSPImage] = []
        for image in kept {
            byTagName[image.tagName] = image
            if image.isPossibleAlias {
                unresolved.append(image)
            } else if let primary = byDigest[image.digest] {
                resolveDuplicate(new: primary, old: image)
            } else {
                byDigest[image.digest] = image
            }
        }
        for image in unresolved {
            if let other = byDigest[image.digest] {
                resolveDuplicate(new: image, old: other)
            } else {
                byDigest[image.digest] = image
            }
        }
        for image in kept { byType[image.imageType, default: []].append(image) }
        for (type, list) in byType { byType[type] = RSPImageCollection.newestFirst(list) }
    }

    /// All images, types in controller order, newest first within each type.
    ///
    /// - Parameters:
    ///   - hideAliased: hide an image when an alias in this collection targets it (menus).
    ///   - hideResolvedAliases: hide aliases whose target is in this collection (prepull status).
    ///   - includeArchitectureSpecific: also list tags that name an architecture.
    func allImages(
        hideAliased: Bool = false, hideResolvedAliases: Bool = false, includeArchitectureSpecific: Bool = false
    ) -> [RSPImage] {
        var result: [RSPImage] = []
        for type in ImageType.allCases {
            for image in byType[type] ?? [] {
                if !includeArchitectureSpecific && image.isArchitectureSpecific { continue }
                if hideAliased && isAliased(image) { continue }
                if hideResolvedAliases, let target = image.aliasTarget, byTagName[target] != nil { continue }
                result.append(image)
            }
        }
        return result
    }

    /// Images of one type, newest first.
    func images(ofType type: ImageType, includeArchitectureSpecific: Bool = false) -> [RSPImage] {
        (byType[type] ?? []).filter { includeArchitectureSpecific || !$0.isArchitectureSpecific }
    }

    /// The primary image of a digest (an unresolved alias when no other image has it).
    func image(forDigest digest: String) -> RSPImage? { byDigest[digest] }

    func image(forTagName tag: String) -> RSPImage? { byTagName[tag] }

    /// The newest image of a type (architecture-specific tags excluded).
    func latest(_ type: ImageType) -> RSPImage? { images(ofType: type).first }

    var count: Int { byTagName.count }

    /// Marks every image of `nodes` seen on its node (by slot): each digest's primary image and
    /// every alias of it gain the node; with `learningSizes` (a Docker source learns sizes only
    /// from nodes), also the last non-zero size a node reports. 500,000 node images at 10,000
    /// nodes: sightings are gathered in plain values first, and the images marked once.
    func markSeen(on nodes: [NodeData], learningSizes: Bool, parallelism: Parallelism = .sequential) {
        let targetsByDigest = byDigest.mapValues { image in [image] + image.aliases.compactMap { byTagName[$0] } }
        let digests = Array(targetsByDigest.keys)
        // The nodes' half each on two cores (500,000 node images at 10,000 nodes), then merged.
        let index = DigestIndex(digests), middle = nodes.count / 2
        let (first, second) = parallelism.both({ Sightings.of(nodes[..<middle], in: index, learningSizes: learningSizes) }, {
            Sightings.of(nodes[middle...], in: index, learningSizes: learningSizes)
        })
        let sightings = first.followed(by: second)
        for (position, digest) in digests.enumerated() {
            for image in targetsByDigest[digest]! {
                image.nodes.formUnion(sightings.nodes[position])
                if let size = sightings.sizes[position] { image.size = size }
            }
        }
    }

    /// Where some nodes list each digest of a `DigestIndex`, in plain values: each digest's
    /// images are marked once afterwards, no image object is touched in the loop over the nodes.
    private struct Sightings: Sendable {
        var nodes: [NodeSet]
        /// The last non-zero size a node reported.
        var sizes: [Int?]

        static func of(_ list: ArraySlice<NodeData>, in index: DigestIndex, learningSizes: Bool) -> Sightings {
            var sightings = Sightings(nodes: Array(repeating: NodeSet(), count: index.count),
                                      sizes: Array(repeating: nil, count: index.count))
            for data in list {
                data.node.images.withUnsafeBufferPointer { images in
                    // Read in place, each image not copied (a copy retains its entry, shared by
                    // the nodes of a page, on both threads at once).
                    for offset in images.indices {
                        guard let found = index.position(of: images[offset]) else { continue }
                        sightings.nodes[found].insert(data.slot)
                        if learningSizes, let size = images[offset].sizeBytes, size != 0 { sightings.sizes[found] = size }
                    }
                }
            }
            return sightings
        }

        /// These sightings and then `later` ones (whose sizes are the last).
        func followed(by later: Sightings) -> Sightings {
            Sightings(nodes: zip(nodes, later.nodes).map { var union = $0; union.formUnion($1); return union },
                      sizes: zip(sizes, later.sizes).map { $1 ?? $0 })
        }
    }

    /// The images the controller prepulls (see `PrepullerOptions.choose`). The subset shares
    /// its image objects with this one.
    func prepullSubset(_ options: PrepullerOptions) -> RSPImageCollection {
        RSPImageCollection(options.choose(ofType: { images(ofType: $0) }, named: { byTagName[$0] }))
    }

    /// Whether an alias in this collection has `image` as its target.
    private func isAliased(_ image: RSPImage) -> Bool {
        if image.imageType == .alias { return false }
        return image.aliases.contains { alias in
            guard let other = byTagName[alias], other.imageType == .alias else { return false }
            return other.aliasTarget == image.tagName
        }
    }

    /// Two images share a digest. `new` becomes (or stays) the one found by digest and the
    /// target of alias tags; `old` is recorded as an alias of it.
    private func resolveDuplicate(new: RSPImage, old: RSPImage) {
        if new.isPossibleAlias {
            if old.isPossibleAlias {
                new.aliases.insert(old.tagName)
                old.aliases.insert(new.tagName)
            } else {
                new.resolveAlias(to: old)
            }
            for alias in old.aliases where alias != new.tagName {
                byTagName[alias]?.aliases.insert(new.tagName)
            }
        } else {
            new.aliases.insert(old.tagName)
            for alias in old.aliases where alias != new.tagName {
                guard let other = byTagName[alias] else { continue }
                new.aliases.insert(alias)
                if other.aliasTarget == old.tagName {
                    other.resolveAlias(to: new)
                    other.aliases.insert(old.tagName)
                } else {
                    other.aliases.insert(new.tagName)
                }
            }
            old.aliases.insert(new.tagName)
            byDigest[new.digest] = new
        }
    }

    private static func newestFirst(_ images: [RSPImage]) -> [RSPImage] {
        sortedNewestFirst(images, by: \.tag)
    }
}

