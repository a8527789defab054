/// Where an alias tag (the recommended tag, `aliasTags`) points, and how that was found. On
/// Artifact Registry every digest is listed, so the target is the listing's; a Docker source
/// fetches digests only for the prepull set, so an alias pointing outside it is found by
/// looking up the newest tags' digests (what the snapshot's `aliases` member reports).
public struct AliasTarget: Hashable, Sendable {
    /// How the target was found.
    public enum FoundBy: String, Hashable, Sendable, CaseIterable {
        /// Its digest is an image's of the listing (on a Docker source, one of the prepull set).
        case listing
        /// A search of the newest tags' digests found a tag with its digest.
        case search
        /// No tag among those searched has its digest.
        case notFound = "not_found"
    }

    /// The alias's digest; nil when it could not be read.
    public var digest: String?
    /// The tag the alias points to; nil when none was found.
    public var target: String?
    public var foundBy: FoundBy
    /// How many tags a search looked at (`recommended → ? (not among the 30 newest)`); 0
    /// when there was no search.
    public var searched: Int

    public init(digest: String?, target: String?, foundBy: FoundBy, searched: Int = 0) {
        self.digest = digest
        self.target = target
        self.foundBy = foundBy
        self.searched = searched
    }
}
