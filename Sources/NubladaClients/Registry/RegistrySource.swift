import Foundation
import NubladaEngine

/// A registry client as the refresh path sees it: one call that reads what the engine needs
/// for one refresh. The Artifact Registry lists everything at once; a Docker registry lists
/// tags, asks the engine which to resolve, then fetches those digests.
public protocol RegistrySource: Sendable {
    /// Where its requests go (`https://host[:port]`), for saying which host a refresh waits on.
    var endpoint: String { get }

    /// What the registry holds now, for `ImageEngine.evaluate`.
    func fetchListing(_ settings: LabImageSettings) throws -> RegistryListing

    /// The digest one tag points at now (a Docker tag outside the prepull set, on request).
    func digest(forTag tag: String) throws -> String
}

extension GARClient: RegistrySource {
    public func fetchListing(_ settings: LabImageSettings) throws -> RegistryListing {
        guard let source = settings.prepuller.source.google else {
            throw RegistryError(description: "Artifact Registry: the configuration's images.source is not type google", .configuration)
        }
        return .artifactRegistry(try listEntries(source))
    }

    /// The listing already holds every tag's digest: there is nothing to look up one by one.
    public func digest(forTag tag: String) throws -> String {
        throw RegistryError(description: "the Artifact Registry listing already has every digest")
    }
}

extension DockerRegistryClient: RegistrySource {
    /// Tags first; then the digests of the tags the engine prepulls, fetched again every
    /// refresh (tags are mutable); then where each alias points (`lookUpAliases`, which never
    /// fails the listing); all of it within one deadline of the registry side.
    public func fetchListing(_ settings: LabImageSettings) throws -> RegistryListing {
        let deadline = newDeadline()
        let tags = try listTags(within: deadline)
        let digests = try digests(forTags: ImageEngine.tagsToResolve(settings, tags: tags), within: deadline)
        let aliases = lookUpAliases(AliasLookupPlan(settings, tags: tags, digests: digests), within: deadline)
        return .docker(tags: tags, digests: digests, aliases: aliases)
    }
}

/// Where registry requests go, when `--registry-endpoint` (or `--gar-endpoint`) names a URL
/// instead of the registry itself.
public enum RegistryEndpoint {
    /// Checks that an endpoint is an http(s) URL with a host.
    public static func validate(_ endpoint: String) throws {
        guard let url = URL(string: endpoint), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = url.host, !host.isEmpty else {
            throw RegistryError(description: "--registry-endpoint: malformed URL \"\(endpoint)\" (expected http(s)://host[:port])", .configuration)
        }
    }
}
