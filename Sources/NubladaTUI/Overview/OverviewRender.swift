/// Draws the overview for `state` into `grid`: the open environment's own dashboard, or the
/// header, the table or compare view, and the status line.
public func renderOverview(_ state: OverviewState, into grid: inout CellGrid) {
    if case .environment(let index) = state.mode, state.environments.indices.contains(index) {
        render(state.environments[index].dashboard, into: &grid)
        return
    }
    grid.reset(cols: state.cols, rows: state.rows)
    if state.isTooSmall, let first = state.environments.first {
        // Every environment's dashboard has the overview's size: its "too small" screen is the overview's.
        TooSmallView.draw(first.dashboard, into: &grid)
        return
    }
    OverviewHeaderView.draw(state, in: Rect(x: 0, y: 0, width: state.cols, height: 1), into: &grid)
    let body = Rect(x: 0, y: 1, width: state.cols, height: state.rows - 2)
    if state.mode == .compare {
        CompareView.draw(state, in: body, into: &grid)
    } else {
        OverviewTableView.draw(state, in: body, into: &grid)
    }
    OverviewStatusView.draw(state, in: Rect(x: 0, y: state.rows - 1, width: state.cols, height: 1), into: &grid)
}

/// Renders the overview into a new grid (tests).
public func renderOverview(_ state: OverviewState) -> CellGrid {
    var grid = CellGrid(cols: state.cols, rows: state.rows)
    renderOverview(state, into: &grid)
    return grid
}
