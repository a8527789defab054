/// An image as the `/spawner/v1/images` route reports it.
///
/// A Docker source lists tags whose digests it never fetched (they are not prepulled): those
/// have no digest, and the key is left out as the controller leaves out nulls.
public struct PrepulledImageInfo: Hashable, Sendable {
    public var reference: String
    public var tag: String
    public var name: String
    public var digest: String?
    /// Its aliases plus its target, sorted.
    public var aliases: [String]
    /// Cached on every eligible node.
    public var prepulled: Bool

    init(_ image: RSPImage, eligibleNodes: NodeSet) {
        reference = image.reference
        tag = image.tagName
        name = image.displayName
        digest = image.digest
        aliases = image.allAliases
        prepulled = image.isPrepulled(on: eligibleNodes)
    }

    /// A tag without an image (Docker): no digest, no aliases, not prepulled.
    init(unresolved tag: ImageTag, reference: String) {
        self.reference = reference
        self.tag = tag.tag
        name = tag.displayName
        digest = nil
        aliases = []
        prepulled = false
    }

    public var json: JSONValue {
        var members: [String: JSONValue] = [
            "reference": .string(reference), "tag": .string(tag), "name": .string(name),
            "aliases": .strings(aliases), "prepulled": .bool(prepulled),
        ]
        if let digest { members["digest"] = .string(digest) }
        return .object(members)
    }
}

/// The `/spawner/v1/images` document.
public struct SpawnerImages: Hashable, Sendable {
    public var recommended: PrepulledImageInfo?
    public var latestWeekly: PrepulledImageInfo?
    public var latestDaily: PrepulledImageInfo?
    public var latestRelease: PrepulledImageInfo?
    public var all: [PrepulledImageInfo]

    public var json: JSONValue {
        .object([
            "recommended": recommended?.json ?? .null, "latest_weekly": latestWeekly?.json ?? .null,
            "latest_daily": latestDaily?.json ?? .null, "latest_release": latestRelease?.json ?? .null,
            "all": .array(all.map(\.json)),
        ])
    }
}

/// A spawner menu entry: reference with digest, and display name.
public struct MenuImage: Hashable, Sendable {
    public var reference: String
    public var name: String

    public init(reference: String, name: String) {
        self.reference = reference
        self.name = name
    }

    public var json: JSONValue { .object(["reference": .string(reference), "name": .string(name)]) }
}

/// The spawner menu: prepulled images (recommended first) and the dropdown of all others.
public struct MenuImages: Hashable, Sendable {
    public var menu: [MenuImage]
    public var dropdown: [MenuImage]

    public var json: JSONValue {
        .object(["menu": .array(menu.map(\.json)), "dropdown": .array(dropdown.map(\.json))])
    }
}

/// A prepull image with the nodes it is cached on and the eligible nodes it is missing from.
public struct NodeImageStatus: Hashable, Sendable {
    public var reference: String
    public var tag: String
    public var name: String
    public var digest: String
    public var size: Int?
    public var nodes: [String]
    public var missing: [String]

    public var json: JSONValue {
        .object([
            "reference": .string(reference), "tag": .string(tag), "name": .string(name),
            "digest": .string(digest), "size": .optional(size), "nodes": .strings(nodes),
            "missing": .strings(missing),
        ])
    }
}

/// One node of the prepulls document.
public struct NodeStatus: Hashable, Sendable {
    public var name: String
    public var eligible: Bool
    public var comment: String?
    /// References of the reported prepull images cached on this node, in their order.
    public var cached: [String]

    public var json: JSONValue {
        .object([
            "name": .string(name), "eligible": .bool(eligible), "comment": .optional(comment),
            "cached": .strings(cached),
        ])
    }
}

/// The `/spawner/v1/prepulls` document.
public struct PrepullerStatus: Hashable, Sendable {
    public var config: PrepullerOptions
    public var prepulled: [NodeImageStatus]
    public var pending: [NodeImageStatus]
    public var nodes: [NodeStatus]

    public var json: JSONValue {
        .object([
            "config": config.json,
            "images": .object(["prepulled": .array(prepulled.map(\.json)), "pending": .array(pending.map(\.json))]),
            "nodes": .array(nodes.map(\.json)),
        ])
    }
}
