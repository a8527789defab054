import Foundation
import NubladaEngine

/// Texts and orders computed once per refresh, so that drawing a frame only copies them.
struct PreparedData: Sendable {
    struct Image: Sendable {
        /// `recommended`; the tag part of `recommended → w_2077_43`.
        var tag: String
        /// What follows the arrow: the target (`AliasTargetText.target`), or `? (not among the
        /// 30 newest)` when a search found none (`aliasNotFound`).
        var aliasTarget: String?
        var aliasNotFound: Bool
        /// Columns of the tag text including ` → target`.
        var tagWidth: Int
        var shortDigest: String
        var size: String
        var uploaded: String
        /// `12/12`: eligible nodes caching it, of all eligible.
        var prepulled: String
        var searchKey: String
    }

    struct Node: Sendable {
        /// The name without the prefix all nodes share.
        var shortName: String
        var searchKey: String
    }

    struct Column: Sendable {
        var header: String
        /// `n/N`: eligible nodes caching it, of all eligible.
        var total: String
        var width: Int
    }

    let data: DashboardData
    let images: [Image]
    let nodes: [Node]
    /// The prefix all node names share, dropped from the matrix (empty when none).
    let nodePrefix: String
    let nodeNameWidth: Int
    let columns: [Column]
    /// The width each column of `ImagePanelColumn.all` wants (nil: it has nothing to show),
    /// measured once per refresh by the column's own rule.
    let imageColumnWidths: [Int?]
    let nodesByName: [Int]
    let nodesByMissing: [Int]
    /// The cluster's activity at the same refresh; nil when none was read.
    let activity: PreparedActivity?

    static let maxNodeNameWidth = 36
    static let maxColumnLabelWidth = 12

    init(_ data: DashboardData, activity: ActivityReading?, timeZone: TimeZone, glyphs: Glyphs) {
        self.data = data
        let eligible = data.eligibleNodeCount
        images = data.images.map { row in
            let target = AliasTargetText.target(row)
            let tagWidth = TextWidth.of(row.tag) + (target.map { TextWidth.of($0) + TextWidth.of(glyphs.arrow) + 2 } ?? 0)
            // A tag whose digest was never fetched (Docker) has no size, time or nodes either.
            let known = row.digest != nil
            return Image(
                tag: row.tag, aliasTarget: target, aliasNotFound: target != nil && row.aliasTarget == nil, tagWidth: tagWidth,
                shortDigest: row.digest.map(Formatting.shortDigest) ?? glyphs.noValue,
                size: known ? Formatting.size(row.size) : glyphs.noValue,
                uploaded: known ? Formatting.dateTime(row.uploadTime, in: timeZone) : glyphs.noValue,
                prepulled: known ? "\(row.eligibleNodesCached)/\(eligible)" : glyphs.noValue,
                searchKey: [row.tag, row.displayName, row.aliasTarget ?? ""].joined(separator: "\u{1}").lowercased())
        }
        let nodePrefix = NodeNames.sharedPrefix(data.nodes.map(\.name))
        self.nodePrefix = nodePrefix
        self.activity = activity.map { PreparedActivity($0, data: data, nodePrefix: nodePrefix, glyphs: glyphs) }
        let measured = ImagePanelColumn.Measured(images: images, data: data, activity: self.activity)
        imageColumnWidths = ImagePanelColumn.all.map { $0.width(measured) }
        let prefixLength = nodePrefix.count
        nodes = data.nodes.map { row in
            Node(shortName: String(row.name.dropFirst(prefixLength)), searchKey: row.name.lowercased())
        }
        nodeNameWidth = min(PreparedData.maxNodeNameWidth, max(4, nodes.map { TextWidth.of($0.shortName) }.max() ?? 4))
        columns = data.columns.map { column in
            let header = ColumnLabels.compact(column.tag).truncated(toWidth: PreparedData.maxColumnLabelWidth)
            let total = "\(column.cachedCount)/\(column.eligibleCount)"
            return Column(header: header, total: total, width: max(3, TextWidth.of(header), total.utf8.count))
        }
        let indices = Array(data.nodes.indices)
        let nodes = data.nodes
        nodesByName = indices.sorted { compareCodePoints(nodes[$0].name, nodes[$1].name) < 0 }
        nodesByMissing = indices.sorted {
            let a = nodes[$0], b = nodes[$1]
            if a.missingCount != b.missingCount { return a.missingCount > b.missingCount }
            return compareCodePoints(a.name, b.name) < 0
        }
    }
}

/// Shortening node names for the matrix.
enum NodeNames {
    /// The longest prefix all names share, cut back to end at a `-`, `.` or `_`, and never a
    /// whole name. Empty when there is nothing worth dropping.
    static func sharedPrefix(_ names: [String]) -> String {
        guard var prefix = names.first.map(Array.init) else { return "" }
        for name in names.dropFirst() {
            var length = 0
            for (a, b) in zip(prefix, name) {
                if a != b { break }
                length += 1
            }
            prefix.removeSubrange(length...)
            if prefix.isEmpty { return "" }
        }
        // Cut back to a separator, leaving every name a non-empty rest.
        let shortest = names.map(\.count).min() ?? 0
        var end = min(prefix.count, shortest - 1)
        while end > 0 && !"-._".contains(prefix[end - 1]) { end -= 1 }
        let kept = prefix[..<end]
        if kept.count < 3 { return "" }
        return String(kept)
    }
}

/// Short matrix column headings for image tags.
enum ColumnLabels {
    /// `w_2077_43` → `w_77_43`, `d_2077_10_28` → `d_77_10_28`; other tags unchanged.
    static func compact(_ tag: String) -> String {
        let parts = tag.split(separator: "_", omittingEmptySubsequences: false)
        guard parts.count >= 3, parts[0] == "w" || parts[0] == "d", parts[1].count == 4,
              parts[1].allSatisfy(\.isASCII), parts[1].allSatisfy(\.isNumber) else { return tag }
        var shortened = parts
        shortened[1] = parts[1].suffix(2)
        return shortened.joined(separator: "_")
    }
}
