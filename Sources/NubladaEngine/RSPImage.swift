/// A tagged lab image in a registry: its tag, digest, size, the nodes it is cached on, its
/// aliases (other tags with the same digest) and, for an alias, the tag it points to.
///
/// A reference type on purpose, and internal to the engine: like the controller, a collection
/// and its subsets share image objects while one evaluation builds them, so marking an image
/// seen on a node or resolving an alias in one is seen in the others. Nothing outside the
/// engine ever holds one: evaluations return value types.
final class RSPImage {
    private(set) var tag: ImageTag
    let registry: String
    let repository: String
    /// Digest including its algorithm prefix (`sha256:…`).
    let digest: String
    var size: Int?
    /// When the registry says the image was uploaded (seconds since the epoch), if known.
    var uploadTime: Double?
    /// Other tags known to point at the same image.
    internal(set) var aliases: Set<String> = []
    /// For an alias, the tag of the image it resolves to.
    internal(set) var aliasTarget: String?
    /// Nodes on which this image is cached, by the evaluation's node slots.
    internal(set) var nodes = NodeSet()

    init(tag: ImageTag, registry: String, repository: String, digest: String, size: Int? = nil,
                uploadTime: Double? = nil) {
        self.tag = tag
        self.registry = registry
        self.repository = repository
        self.digest = digest
        self.size = size
        self.uploadTime = uploadTime
        self.isArchitectureSpecific = tag.architecture != nil
    }

    var tagName: String { tag.tag }
    var imageType: ImageType { tag.imageType }
    var displayName: String { tag.displayName }
    var isPossibleAlias: Bool { tag.imageType.isPossibleAlias }
    /// Whether the tag itself names an architecture (`w_2077_43-amd64`); such images are
    /// hidden from listings unless asked for.
    let isArchitectureSpecific: Bool

    /// `registry/repository:tag`
    var reference: String { "\(registry)/\(repository):\(tag.tag)" }
    /// `registry/repository:tag@digest`
    var referenceWithDigest: String { "\(reference)@\(digest)" }

    /// Every other tag of this image: its aliases plus its target, sorted.
    var allAliases: [String] {
        var names = Array(aliases)
        if let aliasTarget { names.append(aliasTarget) }
        return sortedByCodePoint(names)
    }

    /// Whether the image is cached on every one of `eligibleNodes`.
    func isPrepulled(on eligibleNodes: NodeSet) -> Bool {
        nodes.isSuperset(of: eligibleNodes)
    }

    /// Turns this alias or unknown tag into an alias of `target` (another tag, same digest).
    func resolveAlias(to target: RSPImage) {
        precondition(isPossibleAlias, "only alias and unknown images resolve to a target")
        tag.imageType = .alias
        aliasTarget = target.tag.tag
        for alias in target.aliases where alias != tag.tag { aliases.insert(alias) }
        target.aliases.insert(tag.tag)
        tag.cycle = target.tag.cycle
        if tag.architecture == nil { tag.architecture = target.tag.architecture }
        if tag.date == nil { tag.date = target.tag.date }

        let base = (tag.base ?? tag.tag).replacingOccurrences(of: "_", with: " ").pythonTitleCased
        var about = target.tag.displayName
        if let arch = tag.architecture { about = about.replacingOccurrences(of: " [\(arch)]", with: "") }
        if about.contains(" (") {
            about = about.replacingOccurrences(of: " (", with: ", ").replacingOccurrences(of: ")", with: "")
        }
        var name = "\(base) (\(about))"
        if let arch = tag.architecture { name += " [\(arch)]" }
        tag.displayName = name
    }
}
