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

    /// The `config` member of the prepulls document (the controller's snake_case names).
    public var json: JSONValue {
        .object([
            "source": source.json, "recommended_tag": .string(recommendedTag), "num_releases": .int(numReleases),
            "num_weeklies": .int(numWeeklies), "num_dailies": .int(numDailies), "cycle": .optional(cycle),
            "pin": .strings(pin), "alias_tags": .strings(aliasTags),
        ])
    }
}
