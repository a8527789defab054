/// A Docker registry's tags as the controller's `RSPImageTagCollection` holds them: parsed
/// (tags named as aliases with the alias constructor), optionally of one SAL cycle only, each
/// type newest first. A Docker source knows tags before digests, so its listings and its
/// prepull choice work on tags (spec §4b).
struct ImageTagCollection {
    private var byName: [String: ImageTag] = [:]
    private var byType: [ImageType: [ImageTag]] = [:]

    /// Parses tag names; `aliases` are parsed as Alias tags; with `cycle`, other cycles are dropped.
    init(names: [String], aliases: Set<String>, cycle: Int?) {
        let tags = names.map { aliases.contains($0) ? ImageTag.alias($0) : ImageTag(parsing: $0) }
        self.init(cycle == nil ? tags : tags.filter { $0.cycle == cycle })
    }

    init(_ tags: [ImageTag]) {
        for tag in tags {
            byName[tag.tag] = tag
            byType[tag.imageType, default: []].append(tag)
        }
        for (type, list) in byType { byType[type] = sortedNewestFirst(list, by: \.self) }
    }

    /// Every tag, types in controller order, newest first within each type.
    func allTags(includeArchitectureSpecific: Bool = false) -> [ImageTag] {
        ImageType.allCases.flatMap { tags(ofType: $0, includeArchitectureSpecific: includeArchitectureSpecific) }
    }

    func tags(ofType type: ImageType, includeArchitectureSpecific: Bool = false) -> [ImageTag] {
        (byType[type] ?? []).filter { includeArchitectureSpecific || $0.architecture == nil }
    }

    func tag(named name: String) -> ImageTag? { byName[name] }

    /// The tags the controller prepulls (see `PrepullerOptions.choose`).
    func prepullSubset(_ options: PrepullerOptions) -> ImageTagCollection {
        ImageTagCollection(options.choose(ofType: { tags(ofType: $0) }, named: { byName[$0] }))
    }
}
