/// One image of an Artifact Registry listing: every tag of one digest.
public struct RegistryEntry: Hashable, Sendable {
    /// `LOCATION-docker.pkg.dev/PROJECT/REPOSITORY/NAME@DIGEST`
    public var uri: String
    public var tags: [String]
    public var sizeBytes: Int?
    /// Seconds since the epoch.
    public var uploadTime: Double?

    public init(uri: String, tags: [String], sizeBytes: Int? = nil, uploadTime: Double? = nil) {
        self.uri = uri
        self.tags = tags
        self.sizeBytes = sizeBytes
        self.uploadTime = uploadTime
    }

    /// The image name and digest from the URI's last path component (`NAME@DIGEST`).
    public var nameAndDigest: (name: String, digest: String)? {
        let last = uri.split(separator: "/", omittingEmptySubsequences: false).last ?? Substring(uri)
        guard let at = last.lastIndex(of: "@") else { return nil }
        return (String(last[..<at]), String(last[last.index(after: at)...]))
    }
}

/// What one refresh read from the registry, before the engine makes images of it.
public enum RegistryListing: Hashable, Sendable {
    /// An Artifact Registry listing: every image with all its tags, digest, size and upload time.
    case artifactRegistry([RegistryEntry])
    /// A Docker registry's tags, the digests of those asked for (`ImageEngine.tagsToResolve`),
    /// and where each alias the client looked up points (`AliasLookupPlan`), by alias: kept
    /// apart from `digests` so that the controller's documents are made of exactly what the
    /// controller fetches.
    case docker(tags: [String], digests: [String: String], aliases: [String: AliasTarget] = [:])
}

extension GARSourceOptions {
    /// The images of a listing that belong to this source's image: each tag of an entry
    /// becomes an image with the entry's digest and size. Tags named in `aliasTags` are
    /// parsed as aliases.
    func images(from entries: [RegistryEntry], aliasTags: Set<String>) -> [RSPImage] {
        var images: [RSPImage] = []
        for entry in entries {
            guard let (name, digest) = entry.nameAndDigest, name == image else { continue }
            for tagName in entry.tags {
                let tag = aliasTags.contains(tagName) ? ImageTag.alias(tagName) : ImageTag(parsing: tagName)
                images.append(RSPImage(tag: tag, registry: registry, repository: path, digest: digest,
                                       size: entry.sizeBytes, uploadTime: entry.uploadTime))
            }
        }
        return images
    }
}
