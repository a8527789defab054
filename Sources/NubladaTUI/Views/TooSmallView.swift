/// Shown instead of the dashboard when the terminal is below the minimum size.
enum TooSmallView {
    static func draw(_ state: DashboardState, into grid: inout CellGrid) {
        let lines = [
            "Terminal too small",
            "\(state.cols)×\(state.rows), need at least \(DashboardLayout.minimumCols)×\(DashboardLayout.minimumRows)",
            "q quits",
        ]
        let top = max(0, (state.rows - lines.count) / 2)
        for (offset, line) in lines.enumerated() {
            let text = state.options.ascii ? line.replacingOccurrences(of: "×", with: "x") : line
            let x = max(0, (state.cols - TextWidth.of(text)) / 2)
            grid.write(text, x: x, y: top + offset, role: offset == 0 ? .warning : .dim)
        }
    }
}
