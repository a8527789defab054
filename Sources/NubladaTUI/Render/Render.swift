/// Draws the whole dashboard for `state` into `grid` (resized to the state's screen size).
public func render(_ state: DashboardState, into grid: inout CellGrid) {
    grid.reset(cols: state.cols, rows: state.rows)
    let layout = state.layout
    if layout.isTooSmall {
        TooSmallView.draw(state, into: &grid)
        return
    }
    HeaderView.draw(state, in: layout.header, into: &grid)
    ImagePanelView.draw(state, in: layout.images, into: &grid)
    PrepullMatrixView.draw(state, in: layout.matrix, into: &grid)
    if let separator = layout.separator {
        grid.fill(separator, glyph: state.glyphs.vertical, role: .border)
    }
    if state.isEditingFilter {
        FilterPromptView.draw(state, in: layout.status, into: &grid)
    } else {
        StatusLineView.draw(state, in: layout.status, into: &grid)
    }
    if state.overlay != nil {
        OverlayView.draw(state, in: layout.overlayBox, into: &grid)
    }
}

/// Renders `state` into a new grid (tests, snapshots).
public func render(_ state: DashboardState) -> CellGrid {
    var grid = CellGrid(cols: state.cols, rows: state.rows)
    render(state, into: &grid)
    return grid
}
