import NubladaEngine

extension DashboardState {
    /// Whether the filter matched nothing in a panel, which then shows everything.
    public var filterMatchesNoImages: Bool { !filter.isEmpty && imageFilterMissed }
    public var filterMatchesNoNodes: Bool { !filter.isEmpty && nodeFilterMissed }

    private var imageFilterMissed: Bool {
        guard let prepared else { return false }
        let needle = filter.lowercased()
        return !prepared.images.contains { $0.searchKey.contains(needle) }
    }

    private var nodeFilterMissed: Bool {
        guard let prepared else { return false }
        let needle = filter.lowercased()
        return !prepared.nodes.contains { $0.searchKey.contains(needle) }
    }

    /// Recomputes the image lines and node rows for the data, filter and sort, keeping the
    /// selection on the same image and node when they are still shown.
    ///
    /// The filter is a case-insensitive substring of tags, display names and node names. A
    /// panel where it matches nothing shows everything (so `w_2077` narrows the images and
    /// leaves the matrix whole).
    mutating func rebuildVisibleRows(keepingImageTag keptTag: String?, keepingNodeName keptNode: String?) {
        guard let prepared else {
            imageLines = []
            imageLinePositions = []
            visibleNodes = []
            return
        }
        let needle = filter.lowercased()
        let data = prepared.data

        var imageIndices = Array(data.images.indices)
        if !needle.isEmpty {
            let matching = imageIndices.filter { prepared.images[$0].searchKey.contains(needle) }
            if !matching.isEmpty { imageIndices = matching }
        }
        var lines: [ImageLine] = []
        var positions: [Int] = []
        var start = 0
        while start < imageIndices.count {
            let type = data.images[imageIndices[start]].type
            var end = start
            while end < imageIndices.count && data.images[imageIndices[end]].type == type { end += 1 }
            lines.append(.group(type, count: end - start))
            for index in imageIndices[start..<end] {
                positions.append(lines.count)
                lines.append(.image(index))
            }
            start = end
        }
        imageLines = lines
        imageLinePositions = positions

        var nodes = nodeSort == .name ? prepared.nodesByName : prepared.nodesByMissing
        if !needle.isEmpty {
            let matching = nodes.filter { prepared.nodes[$0].searchKey.contains(needle) }
            if !matching.isEmpty { nodes = matching }
        }
        visibleNodes = nodes

        if let keptTag, let cursor = imageLinePositions.firstIndex(where: {
            if case .image(let index) = imageLines[$0] { return data.images[index].tag == keptTag }
            return false
        }) {
            imageCursor = cursor
        }
        if let keptNode, let cursor = visibleNodes.firstIndex(where: { data.nodes[$0].name == keptNode }) {
            nodeCursor = cursor
        }
        clampAllScrolling()
    }

    /// Rebuilds after a filter or sort change, keeping the current selection.
    mutating func refilter() {
        let keptTag = selectedImageIndex.flatMap { prepared?.data.images[$0].tag }
        let keptNode = selectedNodeIndex.flatMap { prepared?.data.nodes[$0].name }
        rebuildVisibleRows(keepingImageTag: keptTag, keepingNodeName: keptNode)
    }
}
