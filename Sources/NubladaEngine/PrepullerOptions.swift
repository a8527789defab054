/// Where lab images come from: a Google Artifact Registry repository and image name.
public struct GARSourceOptions: Hashable, Sendable {
    public var location: String
    public var projectID: String
    public var repository: String
    public var image: String

    public init(location: String, projectID: String, repository: String, image: String) {
        self.location = location
        self.projectID = projectID
        self.repository = repository
        self.image = image
    }

    /// The registry host, `LOCATION-docker.pkg.dev`.
    public var registry: String { "\(location)-docker.pkg.dev" }
    /// The Docker repository path, `PROJECT/REPOSITORY/IMAGE`.
    public var path: String { "\(projectID)/\(repository)/\(image)" }
    /// The Artifact Registry parent, `projects/P/locations/L/repositories/R`.
    public var parent: String { "projects/\(projectID)/locations/\(location)/repositories/\(repository)" }

    var json: JSONValue {
        .object([
            "type": .string("google"), "location": .string(location), "project_id": .string(projectID),
            "repository": .string(repository), "image": .string(image),
        ])
    }
}

/// What the controller prepulls (`images` in its configuration).
public struct PrepullerOptions: Hashable, Sendable {
    public var source: GARSourceOptions
    public var recommendedTag: String = "recommended"
    public var numReleases: Int = 1
    public var numWeeklies: Int = 2
    public var numDailies: Int = 3
    public var cycle: Int?
    public var pin: [String] = []
    public var aliasTags: [String] = []

    public init(source: GARSourceOptions) {
        self.source = source
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
