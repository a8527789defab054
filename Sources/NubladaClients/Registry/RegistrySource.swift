import NubladaEngine

/// A registry client as the refresh path sees it: one call that reads what the engine needs
/// for one refresh. The Artifact Registry lists everything at once; a Docker registry lists
/// tags, asks the engine which to resolve, then fetches those digests.
public protocol RegistrySource: Sendable {
    /// What the registry holds now, for `ImageEngine.evaluate`.
    func fetchListing(_ settings: LabImageSettings) throws -> RegistryListing
}

extension GARClient: RegistrySource {
    public func fetchListing(_ settings: LabImageSettings) throws -> RegistryListing {
        guard let source = settings.prepuller.source.google else {
            throw RegistryError(description: "Artifact Registry: the configuration's images.source is not type google")
        }
        return .artifactRegistry(try listEntries(source))
    }
}
