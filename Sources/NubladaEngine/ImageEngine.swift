/// The controller's image and prepull semantics as pure functions: what a refresh fetched
/// goes in, values come out. Clients do the I/O around it:
///
///     Artifact Registry:  list → evaluate
///     Docker registry:    list tags → tagsToResolve → HEAD each → evaluate
///
/// Both sources share everything but how the listing is read (spec §4b).
public enum ImageEngine {
    /// The tags of a Docker repository whose digests a refresh must fetch: the prepull set the
    /// controller chooses from the tags (newest releases, weeklies and dailies, the recommended
    /// tag and pins, of the configured cycle), in the order their images are built.
    public static func tagsToResolve(_ settings: LabImageSettings, tags: [String]) -> [String] {
        let all = ImageService.dockerTags(tags, options: settings.prepuller)
        return ImageService.dockerPrepullTags(all, options: settings.prepuller).map(\.tag)
    }

    /// Everything one refresh shows: the dashboard's data and the controller's three API
    /// documents, from the registry listing and the node list at `now` (seconds since the epoch).
    /// `parallelism` splits its largest steps in two (the caller's second core).
    public static func evaluate(_ settings: LabImageSettings, listing: RegistryListing, nodes: [ClusterNode],
                                now: Double, parallelism: Parallelism = .sequential) -> ClusterPicture {
        // The dashboard's picture and the three documents read the service and nothing else:
        // made on two cores (a tenth of a 10,000-node snapshot's time each).
        let service = ReadOnlyShared(value: ImageService(settings: settings, listing: listing, nodeList: nodes,
                                                         parallelism: parallelism))
        let (dashboard, documents) = parallelism.both({ DashboardData(service: service.value, refreshedAt: now) }, {
            (service.value.spawnerImages(), service.value.menuImages(now: now), service.value.prepullStatus())
        })
        var picture = ClusterPicture(dashboard: dashboard, images: documents.0, menu: documents.1, prepulls: documents.2)
        picture.fillAliases(settings.prepuller, listing: listing)
        return picture
    }
}

/// What one evaluation computed: the dashboard's data and the documents the controller serves
/// (`/spawner/v1/images`, the spawner menu, `/spawner/v1/prepulls`).
public struct ClusterPicture: Hashable, Sendable {
    public var dashboard: DashboardData
    public var images: SpawnerImages
    public var menu: MenuImages
    public var prepulls: PrepullerStatus
    /// Where each alias tag points and how that was found, by alias (the snapshot's `aliases`,
    /// beside the controller's documents, which stay exactly the controller's).
    public var aliases: [String: AliasTarget] = [:]

    /// The snapshot document: `{"images": …, "menu": …, "prepulls": …}`.
    public var snapshotJSON: JSONValue {
        .object(["images": images.json, "menu": menu.json, "prepulls": prepulls.json])
    }

    /// The snapshot's `aliases` member: `{TAG: {"digest": …, "target": …, "found_by": …}}`,
    /// nulls left out as in the other documents (`searched` when a search looked at tags).
    public var aliasesJSON: JSONValue {
        .object(aliases.mapValues { found in
            var members: [String: JSONValue] = ["found_by": .string(found.foundBy.rawValue)]
            if let digest = found.digest { members["digest"] = .string(digest) }
            if let target = found.target { members["target"] = .string(target) }
            if found.searched > 0 { members["searched"] = .int(found.searched) }
            return .object(members)
        })
    }

    /// Where each alias row points: what the listing resolved (every Artifact Registry alias,
    /// a Docker alias in the prepull set whose target is too), else what the Docker client
    /// looked up. Only the dashboard's rows and `aliases` change: the documents stay the
    /// controller's.
    mutating func fillAliases(_ options: PrepullerOptions, listing: RegistryListing) {
        var looked: [String: AliasTarget] = [:]
        if case .docker(_, _, let found) = listing { looked = found }
        let names = Set([options.recommendedTag] + options.aliasTags)
        var found: [String: AliasTarget] = [:]
        for index in dashboard.images.indices where names.contains(dashboard.images[index].tag) {
            let row = dashboard.images[index]
            let lookup: AliasTarget
            if let target = row.aliasTarget {
                lookup = AliasTarget(digest: row.digest, target: target, foundBy: .listing)
            } else if let client = looked[row.tag] {
                lookup = client
            } else if case .artifactRegistry = listing {
                // The listing holds every tag: no other tag has this alias's digest.
                lookup = AliasTarget(digest: row.digest, target: nil, foundBy: .notFound)
            } else {
                continue
            }
            found[row.tag] = lookup
            dashboard.images[index].aliasLookup = lookup
            if row.aliasTarget == nil { dashboard.images[index].aliasTarget = lookup.target }
        }
        aliases = found
    }
}
