import Foundation
import NubladaEngine

/// The parts of the Nublado controller's configuration the dashboard needs: the image source
/// and prepull options, the lab's node selector and tolerations, and the dropdown filter.
/// Read from the controller's own YAML or from a Phalanx values file (`controller.config`).
public struct ControllerConfiguration: Sendable {
    public var prepuller: PrepullerOptions
    public var nodeSelector: [(key: String, value: String)]
    public var tolerations: [Toleration]
    public var dropdown: ImageFilterPolicy
    /// `images.dockerCredentialsPath`: the controller's pull secret (read when the file exists).
    public var dockerCredentialsPath: String?
    /// `images.refreshInterval`, or nil when the file does not set it (the controller then
    /// uses 5 minutes; the dashboard its own default, `RefreshInterval.standard`).
    public var refreshInterval: RefreshInterval?
    /// `images.prepullTimeout` in seconds: how long the controller waits for a prepull pod
    /// before it gives up and leaves the pod behind (`ActivitySettings.defaultPrepullTimeout`).
    public var prepullTimeout: Double
    /// Where it was read: a file, or the controller's ConfigMap in the cluster.
    public var origin: ConfigurationOrigin
    /// The file it came from, or the ConfigMap as `namespace/name`.
    public var file: String { origin.label }

    /// What the engine needs of it.
    public var labImages: LabImageSettings {
        LabImageSettings(prepuller: prepuller, tolerations: tolerations, dropdown: dropdown)
    }

    /// The node selector as a Kubernetes label selector (`k=v,k2=v2`).
    public var labelSelector: String { nodeSelector.map { "\($0.key)=\($0.value)" }.joined(separator: ",") }

    public static func load(path: String) throws -> ControllerConfiguration {
        try parse(ConfigNode.load(path: path))
    }

    public static func parse(yaml: String, file: String) throws -> ControllerConfiguration {
        try parse(ConfigNode.parse(yaml: yaml, file: file))
    }

    static func parse(_ document: ConfigNode) throws -> ControllerConfiguration {
        guard document.value is [String: Any] else {
            throw ConfigError("\(document.fileName): expected a mapping with images, lab and dropdownMenu")
        }
        let phalanx = document["controller"]["config"]
        let root = phalanx.isMissing ? document : phalanx
        let images = root["images"]
        let source = images["source"]
        if source.isMissing { throw source.missing }
        var options = PrepullerOptions(source: try imageSource(source))
        options.recommendedTag = try images["recommendedTag"].optionalString() ?? "recommended"
        options.numReleases = try nonNegative(images["numReleases"]) ?? 1
        options.numWeeklies = try nonNegative(images["numWeeklies"]) ?? 2
        options.numDailies = try nonNegative(images["numDailies"]) ?? 3
        options.cycle = try images["cycle"].optionalInt()
        options.pin = try images["pin"].stringList()
        options.aliasTags = try images["aliasTags"].stringList()
        let refresh = try refreshInterval(images["refreshInterval"])
        let prepullTimeout = try prepullTimeout(images["prepullTimeout"]) ?? ActivitySettings.defaultPrepullTimeout

        let lab = root["lab"]
        let selector = try lab["nodeSelector"].members().map { (key: $0.0, value: try $0.1.string()) }
        let tolerations = try lab["tolerations"].items().map(toleration)
        return ControllerConfiguration(
            prepuller: options, nodeSelector: selector, tolerations: tolerations,
            dropdown: try dropdownPolicy(root["dropdownMenu"]),
            dockerCredentialsPath: try images["dockerCredentialsPath"].optionalString(), refreshInterval: refresh,
            prepullTimeout: prepullTimeout, origin: .file(document.file))
    }

    /// A duration like `5m` or `300`, within `RefreshInterval`'s range (also an environment's `refresh`).
    static func refreshInterval(_ node: ConfigNode) throws -> RefreshInterval? {
        guard let (seconds, text) = try duration(node, example: "5m or 300") else { return nil }
        guard let interval = RefreshInterval(seconds: seconds) else {
            throw node.fail("must be \(RefreshInterval.rule), found '\(text.prefix(40))'")
        }
        return interval
    }

    /// The longest `images.prepullTimeout` taken: more than a day is a typo, not a choice.
    static let longestPrepullTimeout = 86_400.0

    private static func prepullTimeout(_ node: ConfigNode) throws -> Double? {
        guard let (seconds, text) = try duration(node, example: "10m or 600") else { return nil }
        guard seconds.isFinite, seconds > 0, seconds <= longestPrepullTimeout else {
            throw node.fail("must be a duration of more than 0 s and at most 1 day, found '\(text.prefix(40))'")
        }
        return seconds
    }

    /// A duration as the controller writes it (`HumanDuration`), with the text it came from;
    /// nil when the key is absent.
    private static func duration(_ node: ConfigNode, example: String) throws -> (seconds: Double, text: String)? {
        guard let text = try node.optionalString() else { return nil }
        guard let seconds = HumanDuration.seconds(text) else {
            throw node.fail("expected a duration like \(example), found '\(text.prefix(40))'")
        }
        return (seconds, text)
    }

    /// `images.source`: `{type: google, location, projectId, repository, image}` or
    /// `{type: docker, registry (default docker.io), repository}`.
    private static func imageSource(_ source: ConfigNode) throws -> ImageSourceOptions {
        switch try source["type"].string() {
        case "google":
            return .google(GARSourceOptions(
                location: try source["location"].string(), projectID: try source["projectId"].string(),
                repository: try source["repository"].string(), image: try source["image"].string()))
        case "docker":
            let registry = try source["registry"].optionalString() ?? DockerSourceOptions.defaultRegistry
            guard DockerRegistryName.isValid(registry) else {
                throw source["registry"].fail("expected a registry host like ghcr.io or registry.example.org:5000, found '\(registry)'")
            }
            let repository = try source["repository"].string()
            guard DockerRegistryName.isValidRepository(repository) else {
                throw source["repository"].fail("expected a repository path like lsst-sqre/sciplat-lab, found '\(repository)'")
            }
            return .docker(DockerSourceOptions(registry: registry, repository: repository))
        case let other:
            throw source["type"].fail("unknown source type '\(other)' (expected google or docker)")
        }
    }

    private static func nonNegative(_ node: ConfigNode) throws -> Int? {
        guard let value = try node.optionalInt() else { return nil }
        guard value >= 0 else { throw node.fail("must not be negative") }
        return value
    }

    private static func toleration(_ node: ConfigNode) throws -> Toleration {
        let operatorText = try node["operator"].optionalString() ?? "Equal"
        guard let op = Toleration.Operator(rawValue: operatorText) else {
            throw node["operator"].fail("expected Equal or Exists, found '\(operatorText)'")
        }
        let effect = try node["effect"].optionalString()
        if let effect, !["", "NoSchedule", "PreferNoSchedule", "NoExecute"].contains(effect) {
            throw node["effect"].fail("expected NoSchedule, PreferNoSchedule or NoExecute, found '\(effect)'")
        }
        return Toleration(key: try node["key"].optionalString(), operator: op, value: try node["value"].optionalString(),
                          effect: effect, tolerationSeconds: try node["tolerationSeconds"].optionalInt())
    }

    private static func dropdownPolicy(_ node: ConfigNode) throws -> ImageFilterPolicy {
        var policy = ImageFilterPolicy()
        let known: Set = ["alias", "release", "weekly", "daily", "releaseCandidate", "experimental", "unknown"]
        for (key, _) in try node.members() where !known.contains(key) {
            throw node[key].fail("unknown image category (expected one of \(known.sorted().joined(separator: ", ")))")
        }
        policy.release = try categoryPolicy(node["release"])
        policy.weekly = try categoryPolicy(node["weekly"])
        policy.daily = try categoryPolicy(node["daily"])
        policy.releaseCandidate = try categoryPolicy(node["releaseCandidate"])
        policy.experimental = try categoryPolicy(node["experimental"])
        return policy
    }

    private static func categoryPolicy(_ node: ConfigNode) throws -> ImageCategoryPolicy {
        var policy = ImageCategoryPolicy()
        policy.number = try nonNegative(node["number"])
        policy.age = try duration(node["age"], example: "30d or 4w")?.seconds
        if let text = try node["cutoffVersion"].optionalString() {
            guard let version = SemanticVersion(parsing: text) else {
                throw node["cutoffVersion"].fail("expected a version like 25.0.0, found '\(text)'")
            }
            policy.cutoffVersion = version
        }
        if let text = try node["cutoffDate"].optionalString() {
            guard let seconds = RFC3339.parse(text) else {
                throw node["cutoffDate"].fail("expected a date like 2026-10-15T00:00:00Z, found '\(text)'")
            }
            policy.cutoffDate = seconds
        }
        policy.cutoffBuild = try node["cutoffBuild"].optionalInt()
        return policy
    }
}
