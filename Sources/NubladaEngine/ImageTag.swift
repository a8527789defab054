/// A parsed lab image tag: its type, version, SAL cycle, RSP build, extra text,
/// architecture, display name and date, as the Nublado controller understands them.
public struct ImageTag: Hashable, Sendable {
    /// The tag itself, unmodified (an empty tag is `latest`).
    public var tag: String
    public var imageType: ImageType
    public var displayName: String
    /// Version for releases, candidates, weeklies (YEAR.WEEK.0) and dailies (YEAR.MONTH.DAY).
    public var version: SemanticVersion?
    /// Base name for tags without a version (unknown, alias, unversioned experimental).
    public var base: String?
    /// SAL cycle (XML schema version).
    public var cycle: Int?
    /// Build number within the SAL cycle.
    public var cycleBuild: Int?
    /// RSP build number (`_rspN`).
    public var build: Int?
    /// Architecture suffix (`-amd64`).
    public var architecture: String?
    /// Free text after the known parts (`_nosudo`).
    public var extra: String?
    /// Build date for weeklies (Thursday of the ISO week) and dailies.
    public var date: CalendarDay?

    /// Releases and release candidates (and experimentals built on them) carry semantic versions.
    public var isSemantic: Bool { version != nil && date == nil }

    public init(
        tag: String, imageType: ImageType, displayName: String, version: SemanticVersion? = nil,
        base: String? = nil, cycle: Int? = nil, cycleBuild: Int? = nil, build: Int? = nil,
        architecture: String? = nil, extra: String? = nil, date: CalendarDay? = nil
    ) {
        self.tag = tag
        self.imageType = imageType
        self.displayName = displayName
        self.version = version
        self.base = base
        self.cycle = cycle
        self.cycleBuild = cycleBuild
        self.build = build
        self.architecture = architecture
        self.extra = extra
        self.date = date
    }

    /// Parses a tag by the first rule that matches it (see `TagParser`).
    public init(parsing tag: String) {
        self = TagParser.parse(tag)
    }

    /// A tag known to be an alias (`recommended`, `latest_weekly_c0046`, `latest-amd64`).
    public static func alias(_ tag: String) -> ImageTag {
        TagParser.alias(tag)
    }

    /// The tag's age at `now` (seconds since the epoch), when it has a date.
    public func age(now: Double) -> Double? {
        date.map { now - $0.secondsFromEpoch }
    }
}
