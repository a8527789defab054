/// What a panel shows before the first successful refresh.
enum EmptyPanelView {
    static func draw(_ state: DashboardState, in rect: Rect, into grid: inout CellGrid) {
        guard rect.height > 0 else { return }
        if let failure = state.refresh.lastFailure {
            grid.write(" No data: \(failure.message)", x: rect.x, y: rect.y, maxWidth: rect.width, role: .error,
                       ellipsis: state.glyphs.ellipsis)
        } else {
            grid.write(" Waiting for the first refresh…".replacingOccurrences(of: "…", with: state.options.ascii ? "..." : "…"),
                       x: rect.x, y: rect.y, maxWidth: rect.width, role: .dim)
        }
    }
}
