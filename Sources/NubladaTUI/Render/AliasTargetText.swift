import NubladaEngine

/// How an alias's target is said wherever it is shown (the image panel and its detail, the
/// overview, the compare view, the text reports): the tag it points to, whether the listing or
/// a search of the newest tags' digests found it, or `?` with how far the search looked when
/// it found none. Public because the command line's text reports say it the same way.
public enum AliasTargetText {
    /// What stands after the arrow: the target's tag, `? (not among the 30 newest)` when a
    /// search found none; nil when the row is no alias (or nothing is known of its target).
    public static func target(_ row: ImageRow) -> String? {
        row.aliasTarget ?? notFound(row.aliasLookup)
    }

    /// `? (not among the 30 newest)` for an alias whose search found no tag with its digest;
    /// nil when it was found (or never looked for).
    public static func notFound(_ lookup: AliasTarget?) -> String? {
        guard let lookup, lookup.foundBy == .notFound, lookup.target == nil else { return nil }
        if lookup.searched > 0 { return "? (not among the \(lookup.searched) newest)" }
        return lookup.digest == nil ? "? (its digest could not be read)" : "? (not found)"
    }

    /// What the recommended tag points to in `data`: its target or the not-found text; nil
    /// when the recommended tag is no alias.
    public static func recommendedTarget(_ data: DashboardData) -> String? {
        data.images.first { $0.tag == data.recommendedTag }.flatMap(target)
    }

    /// `recommended → w_2026_38`, `recommended → ? (not among the 30 newest)`, or the tag
    /// alone when it is no alias.
    public static func recommended(_ data: DashboardData, arrow: String) -> String {
        recommendedTarget(data).map { "\(data.recommendedTag) \(arrow) \($0)" } ?? data.recommendedTag
    }

    /// Every alias row of `data` with what follows its arrow, in the panel's order (the
    /// Aliases of `snapshot --format text`).
    public static func aliases(_ data: DashboardData) -> [(row: ImageRow, target: String)] {
        data.images.compactMap { row in target(row).map { (row, $0) } }
    }

    /// How a target was found, for the image's detail; nil for the listing's (every digest
    /// known: nothing to add) and for a tag that is no alias.
    public static func howFound(_ lookup: AliasTarget?) -> String? {
        guard let lookup else { return nil }
        let tags = "\(lookup.searched) tag\(lookup.searched == 1 ? "" : "s")"
        switch lookup.foundBy {
        case .listing: return nil
        case .search: return "by looking up the newest tags' digests (\(tags) looked at)"
        case .notFound:
            return lookup.searched > 0 ? "none of the \(lookup.searched) newest tags has its digest" : "not looked for"
        }
    }
}
