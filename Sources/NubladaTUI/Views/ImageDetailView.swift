import NubladaEngine

/// The detail overlay of one image: tag, name, digest, size, upload time, aliases, the lab
/// pods running it, and the eligible nodes missing it.
enum ImageDetailView {
    static func lines(_ state: DashboardState, tag: String) -> [StyledLine] {
        guard let data = state.data, let image = data.images.first(where: { $0.tag == tag }) else {
            return [StyledLine("This image is no longer listed.", role: .warning)]
        }
        let glyphs = state.glyphs
        var lines: [StyledLine] = []
        var tagLine = OverlayContent.field("Tag", image.tag)
        if let target = AliasTargetText.target(image) {
            tagLine.append(" \(glyphs.arrow) ", role: .dim)
            tagLine.append(target, role: image.aliasTarget == nil ? .warning : .alias)
        }
        lines.append(tagLine)
        // Said only when the listing could not tell (a Docker source knows the prepull set's digests alone).
        if let how = AliasTargetText.howFound(image.aliasLookup) {
            lines.append(OverlayContent.field("Target found", how, role: .dim))
        }
        lines.append(OverlayContent.field("Name", image.displayName))
        lines.append(OverlayContent.field("Type", image.type.rawValue))
        // An alias's digest is read to find its target, though its tag is outside the prepull set.
        if let digest = image.digest ?? image.aliasLookup?.digest {
            lines.append(OverlayContent.field("Digest", digest))
        } else {
            lines += unresolvedDigestLines(state, data: data, tag: image.tag)
        }
        lines.append(OverlayContent.field("Size", Formatting.size(image.size)))
        lines.append(OverlayContent.field("Uploaded", Formatting.dateTime(image.uploadTime, in: state.options.timeZone)))
        // An alias whose target a search found (a Docker source) is no alias of the listing's
        // image: it is named here all the same, as the listing's are.
        let searched = data.images.filter { $0.aliasTarget == image.tag && !image.aliases.contains($0.tag) }.map(\.tag)
        let aliases = image.aliases + searched
        lines.append(OverlayContent.field("Aliases", aliases.isEmpty ? "none" : aliases.joined(separator: ", "), role: .alias))
        var marks: [String] = []
        if image.isRecommended { marks.append("\(glyphs.recommended) recommended") }
        if image.isPinned { marks.append("\(glyphs.pinned) pinned") }
        if image.inPrepullSet { marks.append("\(glyphs.prepull) in the prepull set") }
        lines.append(OverlayContent.field("Marks", marks.isEmpty ? "none" : marks.joined(separator: glyphs.separator)))
        let status = "\(image.eligibleNodesCached) of \(data.eligibleNodeCount) eligible nodes"
        lines.append(OverlayContent.field("Cached on", status, role: image.prepulled ? .ok : .text))
        lines += ActivityDetailView.imageLines(state, image: image)
        lines.append(StyledLine())
        let missingNodes = data.missingNodes(of: image)
        if missingNodes.isEmpty {
            lines.append(StyledLine("Cached on every eligible node.", role: .ok))
        } else {
            lines.append(StyledLine("Missing on \(missingNodes.count) eligible node\(missingNodes.count == 1 ? "" : "s"):", role: .group))
            for node in missingNodes {
                lines.append(StyledLine([.init(text: "  \(glyphs.missing) ", role: .missing), .init(text: node)]))
            }
        }
        return lines
    }

    /// A Docker tag outside the prepull set: its digest is unknown until asked for (`enter`),
    /// then it is shown with the listed tags that have the same digest (where an alias points).
    static func unresolvedDigestLines(_ state: DashboardState, data: DashboardData, tag: String) -> [StyledLine] {
        switch state.resolvedDigests[tag] {
        case nil:
            return [OverlayContent.field("Digest", "not fetched (not in the prepull set): enter looks it up now", role: .dim)]
        case .pending:
            return [OverlayContent.field("Digest", "looking up…", role: .dim)]
        case .failed(let message):
            return [OverlayContent.field("Digest", "lookup failed: \(message)", role: .error)]
        case .found(let digest):
            let same = data.images.filter { $0.digest == digest && $0.tag != tag }.map(\.tag)
            return [OverlayContent.field("Digest (now)", digest),
                    OverlayContent.field("Same image", same.isEmpty ? "no other listed tag with a known digest" : same.joined(separator: ", "),
                                         role: .alias)]
        }
    }
}
