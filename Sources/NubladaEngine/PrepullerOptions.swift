/// What the controller prepulls (`images` in its configuration).
public struct PrepullerOptions: Hashable, Sendable {
    public var source: ImageSourceOptions
    public var recommendedTag: String = "recommended"
    public var numReleases: Int = 1
    public var numWeeklies: Int = 2
    public var numDailies: Int = 3
    public var cycle: Int?
    public var pin: [String] = []
    public var aliasTags: [String] = []

    public init(source: ImageSourceOptions) {
        self.source = source
    }

    /// Options for an Artifact Registry source.
    public init(source: GARSourceOptions) {
        self.init(source: .google(source))
    }

    /// What the controller prepulls from a collection (of images or of tags): the newest
    /// `numReleases` releases, `numWeeklies` weeklies and `numDailies` dailies (`ofType` gives
    /// them newest first, architecture-specific excluded), then the recommended tag and the
    /// pins that exist (`named`).
    func choose<Item>(ofType: (ImageType) -> [Item], named: (String) -> Item?) -> [Item] {
        var chosen: [Item] = []
        chosen += ofType(.release).prefix(max(0, numReleases))
        chosen += ofType(.weekly).prefix(max(0, numWeeklies))
        chosen += ofType(.daily).prefix(max(0, numDailies))
        var seen = Set<String>()
        for name in [recommendedTag] + pin where seen.insert(name).inserted {
            if let item = named(name) { chosen.append(item) }
        }
        return chosen
    }

    /// The `config` member of the prepulls document (the controller's snake_case names).
    public var json: JSONValue {
        .object([
            "source": source.json, "recommended_tag": .string(recommendedTag), "num_releases": .int(numReleases),
            "num_weeklies": .int(numWeeklies), "num_dailies": .int(numDailies), "cycle": .optional(cycle),
            "pin": .strings(pin), "alias_tags": .strings(aliasTags),
        ])
    }
}
