/// The `/` prompt, drawn over the status line while the filter is edited.
enum FilterPromptView {
    static func draw(_ state: DashboardState, in rect: Rect, into grid: inout CellGrid) {
        grid.fill(rect, role: .prompt)
        let label = " Filter: "
        var x = rect.x + grid.write(label, x: rect.x, y: rect.y, role: .prompt, attributes: .bold)
        let hint = "  enter keeps \(state.glyphs.separator.trimmingCharacters(in: " ")) esc clears "
        let hintWidth = TextWidth.of(hint)
        let room = rect.maxX - x - hintWidth - 1
        let shown = state.filter.truncatedKeepingEnd(toWidth: max(1, room), ellipsis: state.glyphs.ellipsis)
        x += grid.write(shown, x: x, y: rect.y, maxWidth: room, role: .prompt)
        grid.put(" ", x: x, y: rect.y, role: .prompt, attributes: .reverse)
        if room > 10 { grid.write(hint, x: rect.maxX - hintWidth, y: rect.y, role: .prompt, attributes: .dim) }
    }
}
