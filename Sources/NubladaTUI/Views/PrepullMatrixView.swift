/// The node × image prepull matrix: pinned node names (shared prefix dropped) and missing
/// counts, one column per prepull image scrolled sideways, a totals row, and the taint
/// comment of ineligible nodes. Only the visible rows are drawn.
enum PrepullMatrixView {
    static func draw(_ state: DashboardState, in panel: PanelLayout, into grid: inout CellGrid) {
        let glyphs = state.glyphs
        let focused = state.focus == .matrix && state.overlay == nil
        guard let prepared = state.prepared else {
            PanelTitle.draw("Prepull matrix", note: "", focused: focused, in: panel.title, glyphs: glyphs, into: &grid)
            EmptyPanelView.draw(state, in: panel.body, into: &grid)
            return
        }
        let geometry = MatrixGeometry(prepared: prepared, body: panel.body, columnScroll: state.columnScroll)
        drawTitle(state, prepared: prepared, geometry: geometry, panel: panel, focused: focused, into: &grid)
        drawHeadings(prepared, geometry: geometry, y: panel.headings.y, glyphs: glyphs, into: &grid)
        if let footer = panel.footer {
            drawTotals(prepared, geometry: geometry, y: footer.y, into: &grid)
        }
        let body = panel.body
        let selected = focused ? state.nodeCursor : -1
        for row in 0..<body.height {
            let position = state.nodeScroll + row
            guard position < state.visibleNodes.count else { break }
            drawNode(state.visibleNodes[position], prepared: prepared, geometry: geometry, y: body.y + row,
                     selected: position == selected, glyphs: glyphs, into: &grid)
        }
    }

    private static func drawTitle(_ state: DashboardState, prepared: PreparedData, geometry: MatrixGeometry,
                                  panel: PanelLayout, focused: Bool, into grid: inout CellGrid) {
        var title = "Prepull matrix"
        if state.filterMatchesNoNodes { title += " (filter matches no node)" }
        title += state.nodeSort == .name ? ", by name" : ", by missing"
        if !prepared.nodePrefix.isEmpty { title += ", names without \(prepared.nodePrefix)" }
        let columns = prepared.columns.count
        var note = PanelTitle.position(first: state.nodeScroll, shown: panel.body.height,
                                       total: state.visibleNodes.count) + (state.visibleNodes.count == 1 ? " node" : " nodes")
        if geometry.visibleColumns.count < columns && columns > 0 {
            note += ", images \(geometry.visibleColumns.lowerBound + 1)-\(geometry.visibleColumns.upperBound) of \(columns)"
        }
        PanelTitle.draw(title, note: note, focused: focused, in: panel.title, glyphs: state.glyphs, into: &grid)
    }

    private static func drawHeadings(_ prepared: PreparedData, geometry: MatrixGeometry, y: Int, glyphs: Glyphs,
                                     into grid: inout CellGrid) {
        grid.write(prepared.nodePrefix.isEmpty ? "node" : "\(glyphs.ellipsis)node", x: geometry.nameX, y: y, maxWidth: geometry.nameWidth, role: .dim,
                   ellipsis: glyphs.ellipsis)
        grid.write("missing", x: geometry.summaryX, y: y, maxWidth: MatrixGeometry.summaryWidth, role: .dim)
        for (offset, column) in geometry.visibleColumns.enumerated() {
            let info = prepared.columns[column]
            grid.write(info.header, x: geometry.columnX[offset], y: y, maxWidth: info.width, role: .text,
                       attributes: .bold)
        }
        if geometry.visibleColumns.lowerBound > 0 {
            grid.put(glyphs.moreLeft, x: geometry.cellsX - 1, y: y, role: .key)
        }
        if geometry.visibleColumns.upperBound < prepared.columns.count {
            grid.put(glyphs.moreRight, x: geometry.commentX - 1, y: y, role: .key)
        }
    }

    private static func drawTotals(_ prepared: PreparedData, geometry: MatrixGeometry, y: Int,
                                   into grid: inout CellGrid) {
        grid.write("cached/eligible", x: geometry.nameX, y: y, maxWidth: geometry.nameWidth + 1 + MatrixGeometry.summaryWidth,
                   role: .dim)
        for (offset, column) in geometry.visibleColumns.enumerated() {
            let info = prepared.columns[column]
            let data = prepared.data.columns[column]
            let role: ThemeRole = data.cachedCount >= data.eligibleCount ? .ok : .missing
            grid.write(info.total, x: geometry.columnX[offset], y: y, maxWidth: info.width, role: role)
        }
    }

    private static func drawNode(_ index: Int, prepared: PreparedData, geometry: MatrixGeometry, y: Int,
                                 selected: Bool, glyphs: Glyphs, into grid: inout CellGrid) {
        let node = prepared.data.nodes[index]
        let nameRole: ThemeRole = selected ? .selection : (node.eligible ? .text : .ineligible)
        if selected {
            grid.fill(Rect(x: geometry.nameX - 1, y: y, width: geometry.cellsX - geometry.nameX, height: 1),
                      role: .selection)
        }
        grid.write(prepared.nodes[index].shortName.truncatedKeepingEnd(toWidth: geometry.nameWidth,
                                                                        ellipsis: glyphs.ellipsis),
                   x: geometry.nameX, y: y, maxWidth: geometry.nameWidth, role: nameRole)
        let summary: String
        let summaryRole: ThemeRole
        if !node.eligible {
            (summary, summaryRole) = ("tainted", .ineligible)
        } else if node.missingCount == 0 {
            (summary, summaryRole) = ("ok", .ok)
        } else {
            (summary, summaryRole) = (String(node.missingCount), .missing)
        }
        grid.write(summary.leftPadded(toWidth: MatrixGeometry.summaryWidth), x: geometry.summaryX, y: y,
                   maxWidth: MatrixGeometry.summaryWidth, role: selected ? .selection : summaryRole)
        let attributes: CellAttributes = selected ? .bold : []
        for (offset, column) in geometry.visibleColumns.enumerated() where column < node.cells.count {
            let pull = prepared.activity?.pullState(node: index, column: column)
            let (glyph, role) = MatrixCellStyle.glyph(node.cells[column], pull: pull, glyphs: glyphs)
            let x = geometry.columnX[offset] + (prepared.columns[column].width - 1) / 2
            grid.put(glyph, x: x, y: y, role: role, attributes: attributes, width: 1)
        }
        if !node.eligible, let comment = node.comment, geometry.maxX - geometry.commentX >= 16 {
            grid.write(comment, x: geometry.commentX, y: y, maxWidth: geometry.maxX - geometry.commentX,
                       role: .ineligible, ellipsis: glyphs.ellipsis)
        }
    }
}
