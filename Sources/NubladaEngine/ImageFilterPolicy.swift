/// Which images of one type the spawner's dropdown shows. Every set rule applies; an image
/// lacking the field a rule looks at (no date, no version, no RSP build) passes that rule.
public struct ImageCategoryPolicy: Hashable, Sendable {
    /// At most this many images (newest first).
    public var number: Int?
    /// At most this old (seconds), by the tag's date.
    public var age: Double?
    /// At least this version.
    public var cutoffVersion: SemanticVersion?
    /// Dated on or after this instant (seconds since the epoch).
    public var cutoffDate: Double?
    /// At least this RSP build.
    public var cutoffBuild: Int?

    public init(number: Int? = nil, age: Double? = nil, cutoffVersion: SemanticVersion? = nil,
                cutoffDate: Double? = nil, cutoffBuild: Int? = nil) {
        self.number = number
        self.age = age
        self.cutoffVersion = cutoffVersion
        self.cutoffDate = cutoffDate
        self.cutoffBuild = cutoffBuild
    }

    /// The items of one type (newest first) that this policy keeps at `now`, judged by their tags.
    func apply<Item>(to items: [Item], tag: (Item) -> ImageTag, now: Double) -> [Item] {
        var kept: [Item] = []
        for item in items {
            if let number, kept.count >= number { break }
            let tag = tag(item)
            if let age, let tagAge = tag.age(now: now), tagAge > age { continue }
            if let cutoffVersion, let version = tag.version, SemanticVersion.compare(version, cutoffVersion) < 0 { continue }
            if let cutoffDate, let date = tag.date, date.secondsFromEpoch < cutoffDate { continue }
            if let cutoffBuild, let build = tag.build, build < cutoffBuild { continue }
            kept.append(item)
        }
        return kept
    }
}

/// The dropdown filter policy (`dropdownMenu` in the controller configuration), per image type.
/// Alias and unknown images are never filtered.
public struct ImageFilterPolicy: Hashable, Sendable {
    public var release = ImageCategoryPolicy()
    public var weekly = ImageCategoryPolicy()
    public var daily = ImageCategoryPolicy()
    public var releaseCandidate = ImageCategoryPolicy()
    public var experimental = ImageCategoryPolicy()

    public init() {}

    public func policy(for type: ImageType) -> ImageCategoryPolicy? {
        switch type {
        case .alias, .unknown: return nil
        case .release: return release
        case .weekly: return weekly
        case .daily: return daily
        case .candidate: return releaseCandidate
        case .experimental: return experimental
        }
    }

    /// The items that pass, types in controller order: `items(type)` gives one type's items
    /// newest first, `tag` what the rules look at.
    func filter<Item>(_ items: (ImageType) -> [Item], tag: (Item) -> ImageTag, now: Double) -> [Item] {
        ImageType.allCases.flatMap { type -> [Item] in
            guard let policy = policy(for: type) else { return items(type) }
            return policy.apply(to: items(type), tag: tag, now: now)
        }
    }
}
