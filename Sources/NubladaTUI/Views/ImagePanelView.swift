/// The image/alias panel: images grouped by type in collection order, one row each with
/// markers, tag (aliases as `recommended → w_2077_43`), name, short digest, size, upload time,
/// how many eligible nodes cache it and how many lab pods run it (marked when the image is
/// outside the prepull set).
enum ImagePanelView {
    static func draw(_ state: DashboardState, in panel: PanelLayout, into grid: inout CellGrid) {
        let glyphs = state.glyphs
        let focused = state.focus == .images && state.overlay == nil
        var title = "Images"
        if state.filterMatchesNoImages { title += " (filter matches none)" }
        PanelTitle.draw(title, note: positionNote(state, bodyHeight: panel.body.height),
                        focused: focused, in: panel.title, glyphs: glyphs, into: &grid)
        guard let prepared = state.prepared else {
            EmptyPanelView.draw(state, in: panel.body, into: &grid)
            return
        }
        let columns = ImagePanelColumns(prepared: prepared, width: panel.frame.width)
        drawHeadings(columns, y: panel.headings.y, x0: panel.frame.x, into: &grid)

        let selectedLine = state.imageLinePositions.indices.contains(state.imageCursor)
            ? state.imageLinePositions[state.imageCursor] : -1
        let body = panel.body
        for row in 0..<body.height {
            let lineIndex = state.imageScroll + row
            guard lineIndex < state.imageLines.count else { break }
            let y = body.y + row
            switch state.imageLines[lineIndex] {
            case .group(let type, let count):
                grid.write(" \(type.rawValue) (\(count))", x: body.x, y: y, maxWidth: body.width, role: .group,
                           attributes: .bold)
            case .image(let index):
                drawImage(index, prepared: prepared, columns: columns, x0: body.x, y: y, glyphs: glyphs, into: &grid)
                if focused && lineIndex == selectedLine {
                    grid.restyle(Rect(x: body.x, y: y, width: body.width, height: 1), role: .selection)
                }
            }
        }
    }

    /// `1-9 of 42` counting images, not the type headings between them.
    static func positionNote(_ state: DashboardState, bodyHeight: Int) -> String {
        let positions = state.imageLinePositions
        let shownLines = state.imageScroll..<(state.imageScroll + max(0, bodyHeight))
        let first = positions.firstIndex { $0 >= shownLines.lowerBound } ?? positions.count
        let end = positions[first...].firstIndex { $0 >= shownLines.upperBound } ?? positions.count
        return PanelTitle.position(first: first, shown: end - first, total: positions.count)
    }

    private static func drawHeadings(_ columns: ImagePanelColumns, y: Int, x0: Int, into grid: inout CellGrid) {
        func heading(_ text: String, _ span: ImagePanelColumns.Span?, right: Bool = false) {
            guard let span else { return }
            let shown = right ? text.leftPadded(toWidth: span.width) : text
            grid.write(shown, x: x0 + span.x, y: y, maxWidth: span.width, role: .dim)
        }
        heading("tag", columns.tag)
        heading("name", columns.name)
        heading("digest", columns.digest)
        heading("size", columns.size, right: true)
        heading("uploaded", columns.uploaded)
        heading("nodes", columns.prepulled, right: true)
        heading(PreparedActivity.inUseHeading, columns.inUse, right: true)
    }

    private static func drawImage(_ index: Int, prepared: PreparedData, columns: ImagePanelColumns, x0: Int, y: Int,
                                  glyphs: Glyphs, into grid: inout CellGrid) {
        let row = prepared.data.images[index]
        let image = prepared.images[index]
        let markerX = x0 + columns.markers.x
        if row.isRecommended { grid.put(glyphs.recommended, x: markerX, y: y, role: .recommended, width: 1) }
        if row.isPinned { grid.put(glyphs.pinned, x: markerX + 1, y: y, role: .pinned, width: 1) }
        if row.inPrepullSet { grid.put(glyphs.prepull, x: markerX + 2, y: y, role: .prepull, width: 1) }

        let tagX = x0 + columns.tag.x
        let tagEnd = tagX + columns.tag.width
        let isAlias = image.aliasTarget != nil
        var x = tagX + grid.write(image.tag, x: tagX, y: y, maxWidth: columns.tag.width,
                                  role: row.isRecommended ? .recommended : (isAlias ? .alias : .text),
                                  ellipsis: glyphs.ellipsis)
        if let target = image.aliasTarget, tagEnd - x > 1 {
            x += grid.write(" \(glyphs.arrow) ", x: x, y: y, maxWidth: tagEnd - x, role: .dim)
            grid.write(target, x: x, y: y, maxWidth: tagEnd - x, role: .alias, ellipsis: glyphs.ellipsis)
        }
        if let span = columns.name {
            grid.write(row.displayName, x: x0 + span.x, y: y, maxWidth: span.width, role: .text,
                       ellipsis: glyphs.ellipsis)
        }
        if let span = columns.digest {
            grid.write(image.shortDigest, x: x0 + span.x, y: y, maxWidth: span.width, role: .dim)
        }
        if let span = columns.size {
            grid.write(image.size.leftPadded(toWidth: span.width), x: x0 + span.x, y: y, maxWidth: span.width)
        }
        if let span = columns.uploaded {
            grid.write(image.uploaded, x: x0 + span.x, y: y, maxWidth: span.width, role: .dim)
        }
        if let span = columns.prepulled {
            let role: ThemeRole = row.prepulled ? .ok : (row.inPrepullSet ? .missing : .dim)
            grid.write(image.prepulled.leftPadded(toWidth: span.width), x: x0 + span.x, y: y, maxWidth: span.width,
                       role: role)
        }
        if let span = columns.inUse, let activity = prepared.activity, let counts = activity.inUse {
            let role: ThemeRole = activity.inUseOutsidePrepullSet.contains(index) ? .warning : (counts[index] > 0 ? .text : .dim)
            grid.write(activity.inUseTexts[index].leftPadded(toWidth: span.width), x: x0 + span.x, y: y,
                       maxWidth: span.width, role: role)
        }
    }
}
