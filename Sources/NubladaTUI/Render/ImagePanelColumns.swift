import NubladaEngine

/// One column of the image panel, declared once: its heading, how it is given room, how wide
/// it wants to be, and how a row's cell is drawn.
struct ImagePanelColumn: Sendable {
    /// How the column is given room when the panel is narrower than every column wants.
    enum Room {
        /// Always shown, this wide.
        case fixed
        /// Always shown: as wide as it wants, or what is left but at least `minimum`.
        case always(minimum: Int)
        /// Shown when what it wants fits; lower `rank`s are given room first.
        case ifRoom(rank: Int)
        /// What is left after every other column, at most what it wants, shown only when that
        /// is at least `minimum`.
        case rest(minimum: Int)
    }

    /// What a cell is drawn from.
    struct Cell {
        var index: Int
        var x: Int
        var y: Int
        var width: Int
        var glyphs: Glyphs
    }

    /// What a column's width is measured from, once per refresh.
    struct Measured {
        var images: [PreparedData.Image]
        var data: DashboardData
        var activity: PreparedActivity?
    }

    /// Nil: the column has no heading.
    var heading: String?
    var rightAligned = false
    var room: Room
    /// The width it wants; nil when the column has nothing to show (no pods read).
    var width: @Sendable (Measured) -> Int?
    var draw: @Sendable (Cell, PreparedData, inout CellGrid) -> Void

    static let minimumNameWidth = 10
    static let inUseHeading = "in use"

    /// The columns, left to right. Room is given in the order markers, tag, prepulled n/N,
    /// lab pods in use (when pods were read), size, digest, upload time; the display name takes
    /// what is left.
    static let all: [ImagePanelColumn] = [
        ImagePanelColumn(heading: nil, room: .fixed, width: { _ in 3 }) { cell, prepared, grid in
            let row = prepared.data.images[cell.index]
            let glyphs = cell.glyphs
            if row.isRecommended { grid.put(glyphs.recommended, x: cell.x, y: cell.y, role: .recommended, width: 1) }
            if row.isPinned { grid.put(glyphs.pinned, x: cell.x + 1, y: cell.y, role: .pinned, width: 1) }
            if row.inPrepullSet { grid.put(glyphs.prepull, x: cell.x + 2, y: cell.y, role: .prepull, width: 1) }
        },
        ImagePanelColumn(heading: "tag", room: .always(minimum: 8), width: { measured in
            // Room for `recommended → ? (not among the 30 newest)` and a cycle's alias (`recommended_c0045 → w_2026_38`).
            min(48, max(3, measured.images.map(\.tagWidth).max() ?? 3))
        }) { cell, prepared, grid in
            let row = prepared.data.images[cell.index]
            let image = prepared.images[cell.index]
            let tagEnd = cell.x + cell.width
            var x = cell.x + grid.write(image.tag, x: cell.x, y: cell.y, maxWidth: cell.width,
                                        role: row.isRecommended ? .recommended : (image.aliasTarget != nil ? .alias : .text),
                                        ellipsis: cell.glyphs.ellipsis)
            if let target = image.aliasTarget, tagEnd - x > 1 {
                x += grid.write(" \(cell.glyphs.arrow) ", x: x, y: cell.y, maxWidth: tagEnd - x, role: .dim)
                grid.write(target, x: x, y: cell.y, maxWidth: tagEnd - x, role: image.aliasNotFound ? .warning : .alias,
                           ellipsis: cell.glyphs.ellipsis)
            }
        },
        ImagePanelColumn(heading: "name", room: .rest(minimum: ImagePanelColumn.minimumNameWidth), width: { measured in
            min(48, max(4, measured.data.images.map { TextWidth.of($0.displayName) }.max() ?? 4))
        }) { cell, prepared, grid in
            grid.write(prepared.data.images[cell.index].displayName, x: cell.x, y: cell.y, maxWidth: cell.width,
                       role: .text, ellipsis: cell.glyphs.ellipsis)
        },
        ImagePanelColumn(heading: "digest", room: .ifRoom(rank: 3), width: { _ in 12 }) { cell, prepared, grid in
            grid.write(prepared.images[cell.index].shortDigest, x: cell.x, y: cell.y, maxWidth: cell.width, role: .dim)
        },
        ImagePanelColumn(heading: "size", rightAligned: true, room: .ifRoom(rank: 2), width: { measured in
            max(4, measured.images.map { $0.size.utf8.count }.max() ?? 4)
        }) { cell, prepared, grid in
            grid.write(prepared.images[cell.index].size.leftPadded(toWidth: cell.width), x: cell.x, y: cell.y,
                       maxWidth: cell.width)
        },
        ImagePanelColumn(heading: "uploaded", room: .ifRoom(rank: 4), width: { _ in 16 }) { cell, prepared, grid in
            grid.write(prepared.images[cell.index].uploaded, x: cell.x, y: cell.y, maxWidth: cell.width, role: .dim)
        },
        ImagePanelColumn(heading: "nodes", rightAligned: true, room: .ifRoom(rank: 0), width: { measured in
            max(5, measured.images.map { $0.prepulled.utf8.count }.max() ?? 5)
        }) { cell, prepared, grid in
            let row = prepared.data.images[cell.index]
            let role: ThemeRole = row.prepulled ? .ok : (row.inPrepullSet ? .missing : .dim)
            grid.write(prepared.images[cell.index].prepulled.leftPadded(toWidth: cell.width), x: cell.x, y: cell.y,
                       maxWidth: cell.width, role: role)
        },
        ImagePanelColumn(heading: inUseHeading, rightAligned: true, room: .ifRoom(rank: 1), width: { measured in
            guard let activity = measured.activity, activity.inUse != nil else { return nil }
            return max(TextWidth.of(inUseHeading), activity.inUseTexts.map(TextWidth.of).max() ?? 0)
        }) { cell, prepared, grid in
            guard let activity = prepared.activity, let counts = activity.inUse else { return }
            let role: ThemeRole = activity.inUseOutsidePrepullSet.contains(cell.index) ? .warning
                : (counts[cell.index] > 0 ? .text : .dim)
            grid.write(activity.inUseTexts[cell.index].leftPadded(toWidth: cell.width), x: cell.x, y: cell.y,
                       maxWidth: cell.width, role: role)
        },
    ]
}

/// Which image panel columns fit a width, and where: each column of `ImagePanelColumn.all`
/// that is shown, with its span (x from the panel's left edge; one cell between columns).
struct ImagePanelColumns {
    struct Span: Hashable {
        var x: Int
        var width: Int
    }

    private(set) var shown: [(column: ImagePanelColumn, span: Span)] = []

    /// The width that shows every column in full.
    static func preferredWidth(_ prepared: PreparedData) -> Int {
        prepared.imageColumnWidths.reduce(1) { total, width in total + (width.map { $0 + 1 } ?? 0) }
    }

    init(prepared: PreparedData, width: Int) {
        let columns = ImagePanelColumn.all
        let wanted = prepared.imageColumnWidths
        var widths = [Int?](repeating: nil, count: columns.count)
        var remaining = width - 1
        for (index, column) in columns.enumerated() {
            guard case .fixed = column.room, let want = wanted[index] else { continue }
            widths[index] = want
            remaining -= want + 1
        }
        for (index, column) in columns.enumerated() {
            guard case .always(let minimum) = column.room, let want = wanted[index] else { continue }
            widths[index] = min(want, max(minimum, remaining))
            remaining -= widths[index]! + 1
        }
        let ranked = columns.indices.compactMap { index -> (rank: Int, index: Int)? in
            guard case .ifRoom(let rank) = columns[index].room else { return nil }
            return (rank, index)
        }
        for (_, index) in ranked.sorted(by: { $0.rank < $1.rank }) {
            guard let want = wanted[index], remaining >= want + 1 else { continue }
            widths[index] = want
            remaining -= want + 1
        }
        for (index, column) in columns.enumerated() {
            guard case .rest(let minimum) = column.room, let want = wanted[index], remaining >= minimum + 1 else { continue }
            widths[index] = min(want, remaining - 1)
            remaining -= widths[index]! + 1
        }
        var x = 1
        for (index, column) in columns.enumerated() {
            guard let columnWidth = widths[index] else { continue }
            shown.append((column, Span(x: x, width: columnWidth)))
            x += columnWidth + 1
        }
    }
}
