/// The detail overlay of one node: eligibility and taints, labels, the prepull images, its
/// prepull and lab pods, the cached images with sizes, and a warning when its image list may
/// be truncated.
enum NodeDetailView {
    static func lines(_ state: DashboardState, name: String) -> [StyledLine] {
        guard let data = state.data, let index = data.nodes.firstIndex(where: { $0.name == name }) else {
            return [StyledLine("This node is no longer listed.", role: .warning)]
        }
        let node = data.nodes[index]
        let glyphs = state.glyphs
        var lines: [StyledLine] = [OverlayContent.field("Node", node.name)]
        if node.eligible {
            lines.append(OverlayContent.field("Eligible", "yes", role: .ok))
        } else {
            lines.append(OverlayContent.field("Eligible", "no: \(node.comment ?? "not eligible")", role: .ineligible))
        }
        lines.append(OverlayContent.field("Schedulable", node.unschedulable ? "no (cordoned)" : "yes"))
        if node.eligible {
            let summary = node.missingCount == 0 ? "all \(node.cells.count) prepull images cached"
                : "\(node.missingCount) of \(node.cells.count) prepull images not cached"
            lines.append(OverlayContent.field("Prepull", summary, role: node.missingCount == 0 ? .ok : .missing))
        }
        if node.imageListMayBeTruncated {
            lines.append(StyledLine())
            lines.append(StyledLine(
                "\(glyphs.warning) This node lists 50 images, the kubelet's default maximum: more may be cached,"
                    + " so prepull images it does not list show as unknown (\(glyphs.unknown)).",
                role: .warning))
        }

        lines.append(StyledLine())
        lines.append(StyledLine("Taints (\(node.taints.count))", role: .group))
        if node.taints.isEmpty { lines.append(StyledLine("  none", role: .dim)) }
        for taint in node.taints {
            let value = taint.value.map { "=\($0)" } ?? ""
            lines.append(StyledLine("  \(taint.key)\(value):\(taint.effect)"))
        }

        lines.append(StyledLine())
        lines.append(StyledLine("Labels (\(node.labels.count))", role: .group))
        for key in node.labels.keys.sorted() {
            lines.append(StyledLine([.init(text: "  \(key)", role: .dim), .init(text: "=\(node.labels[key] ?? "")")]))
        }

        lines.append(StyledLine())
        lines.append(StyledLine("Prepull images", role: .group))
        for (position, (column, cell)) in zip(data.columns, node.cells).enumerated() {
            let pull = state.prepared?.activity?.pullState(node: index, column: position)
            let (glyph, role, what) = MatrixCellStyle.describe(cell, pull: pull, glyphs: glyphs)
            lines.append(StyledLine([.init(text: "  \(glyph) ", role: role),
                                     .init(text: column.tag.padded(toWidth: 24)), .init(text: what, role: .dim)]))
        }

        lines += ActivityDetailView.nodeLines(state, node: node.name)

        lines.append(StyledLine())
        lines.append(StyledLine("Cached images (\(node.cachedImages.count))", role: .group))
        for image in node.cachedImages {
            lines.append(StyledLine([.init(text: "  " + Formatting.size(image.size).leftPadded(toWidth: 8) + "  ", role: .dim),
                                     .init(text: image.name)]))
        }
        return lines
    }
}
