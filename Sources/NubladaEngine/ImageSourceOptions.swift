/// Where lab images come from (`images.source` in the controller's configuration): the two
/// registry kinds the controller reads, which differ in how they are listed (spec §4, §4b).
public enum ImageSourceOptions: Hashable, Sendable {
    case google(GARSourceOptions)
    case docker(DockerSourceOptions)

    /// The registry host in every image reference.
    public var registry: String {
        switch self {
        case .google(let source): return source.registry
        case .docker(let source): return source.registry
        }
    }

    /// The repository path in every image reference.
    public var path: String {
        switch self {
        case .google(let source): return source.path
        case .docker(let source): return source.repository
        }
    }

    /// The Artifact Registry options, for a Google source.
    public var google: GARSourceOptions? {
        if case .google(let source) = self { return source }
        return nil
    }

    /// The Docker registry options, for a Docker source.
    public var docker: DockerSourceOptions? {
        if case .docker(let source) = self { return source }
        return nil
    }

    /// `GAR` or `Docker`, for headers and summaries.
    public var kindName: String {
        switch self {
        case .google: return "GAR"
        case .docker: return "Docker"
        }
    }

    var json: JSONValue {
        switch self {
        case .google(let source): return source.json
        case .docker(let source): return source.json
        }
    }
}

/// A Google Artifact Registry repository and image name.
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

/// A repository of a Docker Registry HTTP API V2 server (ghcr.io, Docker Hub, a private host).
public struct DockerSourceOptions: Hashable, Sendable {
    /// The registry's default when the configuration names none.
    public static let defaultRegistry = "docker.io"

    /// `HOST[:PORT]` as configured: it stays in every reference and keys the credentials.
    public var registry: String
    /// `OWNER/NAME`, the repository path.
    public var repository: String

    public init(registry: String = DockerSourceOptions.defaultRegistry, repository: String) {
        self.registry = registry
        self.repository = repository
    }

    var json: JSONValue {
        .object(["type": .string("docker"), "registry": .string(registry), "repository": .string(repository)])
    }
}
