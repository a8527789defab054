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

    /// The images of one type (newest first) that this policy keeps at `now`.
    func apply(to images: [RSPImage], now: Double) -> [RSPImage] {
        var kept: [RSPImage] = []
        for image in images {
            if let number, kept.count >= number { break }
            let tag = image.tag
            if let age, let tagAge = tag.age(now: now), tagAge > age { continue }
            if let cutoffVersion, let version = tag.version, SemanticVersion.compare(version, cutoffVersion) < 0 { continue }
            if let cutoffDate, let date = tag.date, date.secondsFromEpoch < cutoffDate { continue }
            if let cutoffBuild, let build = tag.build, build < cutoffBuild { continue }
            kept.append(image)
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

    /// The images of `collection` that pass, in collection order.
    public func filter(_ collection: RSPImageCollection, now: Double) -> [RSPImage] {
        ImageType.allCases.flatMap { type -> [RSPImage] in
            let images = collection.images(ofType: type)
            guard let policy = policy(for: type) else { return images }
            return policy.apply(to: images, now: now)
        }
    }
}
