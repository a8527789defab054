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
        for (column, span) in columns.shown {
            guard let heading = column.heading else { continue }
            let shown = column.rightAligned ? heading.leftPadded(toWidth: span.width) : heading
            grid.write(shown, x: x0 + span.x, y: y, maxWidth: span.width, role: .dim)
        }
    }

    private static func drawImage(_ index: Int, prepared: PreparedData, columns: ImagePanelColumns, x0: Int, y: Int,
                                  glyphs: Glyphs, into grid: inout CellGrid) {
        for (column, span) in columns.shown {
            column.draw(ImagePanelColumn.Cell(index: index, x: x0 + span.x, y: y, width: span.width, glyphs: glyphs), prepared, &grid)
        }
    }
}
