/// The detail overlay of one image: tag, name, digest, size, upload time, aliases, and the
/// eligible nodes missing it.
enum ImageDetailView {
    static func lines(_ state: DashboardState, tag: String) -> [StyledLine] {
        guard let data = state.data, let image = data.images.first(where: { $0.tag == tag }) else {
            return [StyledLine("This image is no longer listed.", role: .warning)]
        }
        let glyphs = state.glyphs
        var lines: [StyledLine] = []
        var tagLine = OverlayContent.field("Tag", image.tag)
        if let target = image.aliasTarget {
            tagLine.append(" \(glyphs.arrow) ", role: .dim)
            tagLine.append(target, role: .alias)
        }
        lines.append(tagLine)
        lines.append(OverlayContent.field("Name", image.displayName))
        lines.append(OverlayContent.field("Type", image.type.rawValue))
        lines.append(OverlayContent.field("Digest", image.digest ?? "not fetched (not in the prepull set)"))
        lines.append(OverlayContent.field("Size", Formatting.size(image.size)))
        lines.append(OverlayContent.field("Uploaded", Formatting.dateTime(image.uploadTime, in: state.options.timeZone)))
        lines.append(OverlayContent.field("Aliases", image.aliases.isEmpty ? "none" : image.aliases.joined(separator: ", "),
                                          role: .alias))
        var marks: [String] = []
        if image.isRecommended { marks.append("\(glyphs.recommended) recommended") }
        if image.isPinned { marks.append("\(glyphs.pinned) pinned") }
        if image.inPrepullSet { marks.append("\(glyphs.prepull) in the prepull set") }
        lines.append(OverlayContent.field("Marks", marks.isEmpty ? "none" : marks.joined(separator: glyphs.separator)))
        let status = "\(image.eligibleNodesCached) of \(data.eligibleNodeCount) eligible nodes"
        lines.append(OverlayContent.field("Cached on", status, role: image.prepulled ? .ok : .text))
        lines.append(StyledLine())
        if image.missingNodes.isEmpty {
            lines.append(StyledLine("Cached on every eligible node.", role: .ok))
        } else {
            lines.append(StyledLine("Missing on \(image.missingNodes.count) eligible node\(image.missingNodes.count == 1 ? "" : "s"):", role: .group))
            for node in image.missingNodes {
                lines.append(StyledLine([.init(text: "  \(glyphs.missing) ", role: .missing), .init(text: node)]))
            }
        }
        return lines
    }
}
