/// What a refresh of a Docker source must look at to learn where each alias points. The
/// controller fetches digests only for the prepull set, so an alias outside it needs its own
/// digest, and an alias whose digest is no prepulled image's needs a search of other tags'
/// digests. Pure: the client does the requests and remembers what it found.
public struct AliasLookupPlan: Hashable, Sendable {
    /// The most tags one search looks at: a dashboard must not walk a whole repository.
    public static let maximumCandidates = 30

    /// The alias tags present among the tags (after the cycle filter): the recommended tag
    /// first, then `aliasTags` in their order.
    public let aliases: [String]
    /// The digests already known (the prepull set's), by tag.
    public let knownDigests: [String: String]
    /// The tag each known digest resolves to, as the controller resolves aliases: the primary
    /// non-alias image of that digest in the prepull set.
    private let targetsByDigest: [String: String]
    /// Candidate tags by kind, newest first, those with a known digest left out.
    private let unknownByType: [ImageType: [String]]

    /// - Parameters:
    ///   - tags: every tag of the repository.
    ///   - digests: the digests fetched for the prepull set (`ImageEngine.tagsToResolve`).
    public init(_ settings: LabImageSettings, tags: [String], digests: [String: String]) {
        let options = settings.prepuller
        let all = ImageService.dockerTags(tags, options: options)
        var seen = Set<String>()
        aliases = ([options.recommendedTag] + options.aliasTags).filter { name in
            seen.insert(name).inserted && all.tag(named: name) != nil
        }
        knownDigests = digests
        // The same collection the engine makes of the prepull set, so that a target found here
        // is the one the listing's own alias resolution would name.
        let prepulled = ImageService.dockerPrepullTags(all, options: options).compactMap { tag in
            digests[tag.tag].map { RSPImage(tag: tag, registry: options.source.registry, repository: options.source.path, digest: $0) }
        }
        let collection = RSPImageCollection(prepulled)
        var targets: [String: String] = [:]
        for image in prepulled {
            guard let primary = collection.image(forDigest: image.digest) else { continue }
            if let target = primary.aliasTarget {
                targets[image.digest] = target
            } else if !primary.isPossibleAlias {
                targets[image.digest] = primary.tagName
            }
        }
        targetsByDigest = targets
        var byType: [ImageType: [String]] = [:]
        for type in [ImageType.weekly, .release, .daily] {
            byType[type] = all.tags(ofType: type).map(\.tag).filter { digests[$0] == nil }
        }
        unknownByType = byType
    }

    /// The aliases whose digest the prepull set did not fetch: one `HEAD` each.
    public var aliasesNeedingDigest: [String] { aliases.filter { knownDigests[$0] == nil } }

    /// The prepulled tag with `digest`, which an alias with that digest points to; nil when
    /// no prepulled image has it (then the alias needs a search).
    public func listingTarget(forDigest digest: String) -> String? { targetsByDigest[digest] }

    /// The tags a search for `alias`'s target looks at, newest first: the alias's own kind
    /// first (from its name: `latest_weekly` → weeklies, `latest_daily` → dailies,
    /// `latest_release` → releases; `recommended` and others → weeklies), then weeklies,
    /// releases, dailies; tags whose digest is already known are left out (they matched
    /// nothing), at most `maximumCandidates`.
    public func candidates(for alias: String) -> [String] {
        var order: [ImageType] = [AliasLookupPlan.kind(ofAlias: alias)]
        for type in [ImageType.weekly, .release, .daily] where !order.contains(type) { order.append(type) }
        return Array(order.lazy.flatMap { unknownByType[$0] ?? [] }.prefix(AliasLookupPlan.maximumCandidates))
    }

    /// The kind of image an alias names (`latest_daily_c0046` → daily); weekly when it names none.
    static func kind(ofAlias alias: String) -> ImageType {
        let name = alias.lowercased()
        if name.contains("daily") { return .daily }
        if name.contains("release") { return .release }
        return .weekly
    }
}
