/// A framed box over the panels showing the open overlay's lines, scrolled.
enum OverlayView {
    /// Text columns inside a box.
    static func textWidth(_ box: Rect) -> Int { max(1, box.width - 4) }

    static func draw(_ state: DashboardState, in box: Rect, into grid: inout CellGrid) {
        let glyphs = state.glyphs
        grid.fill(box, role: .text)
        drawFrame(box, glyphs: glyphs, into: &grid)
        grid.write(" \(OverlayContent.title(state)) ", x: box.x + 2, y: box.y, maxWidth: box.width - 4, role: .focus,
                   attributes: .bold, ellipsis: glyphs.ellipsis)
        let lines = OverlayContent.lines(state)
        let visible = max(0, box.height - 2)
        let first = min(state.overlayScroll, max(0, lines.count - visible))
        for row in 0..<visible where first + row < lines.count {
            grid.draw(lines[first + row], x: box.x + 2, y: box.y + 1 + row, maxWidth: textWidth(box),
                      ellipsis: glyphs.ellipsis)
        }
        let hint = lines.count > visible
            ? " \(first + 1)-\(min(lines.count, first + visible)) of \(lines.count), esc closes "
            : " esc closes "
        let hintX = box.maxX - 2 - TextWidth.of(hint)
        if hintX > box.x + 2 { grid.write(hint, x: hintX, y: box.maxY - 1, role: .dim) }
    }

    private static func drawFrame(_ box: Rect, glyphs: Glyphs, into grid: inout CellGrid) {
        let corners: [Character] = glyphs == .ascii ? ["+", "+", "+", "+"] : ["┌", "┐", "└", "┘"]
        grid.fill(Rect(x: box.x, y: box.y, width: box.width, height: 1), glyph: glyphs.horizontal, role: .border)
        grid.fill(Rect(x: box.x, y: box.maxY - 1, width: box.width, height: 1), glyph: glyphs.horizontal, role: .border)
        grid.fill(Rect(x: box.x, y: box.y, width: 1, height: box.height), glyph: glyphs.vertical, role: .border)
        grid.fill(Rect(x: box.maxX - 1, y: box.y, width: 1, height: box.height), glyph: glyphs.vertical, role: .border)
        grid.put(corners[0], x: box.x, y: box.y, role: .border)
        grid.put(corners[1], x: box.maxX - 1, y: box.y, role: .border)
        grid.put(corners[2], x: box.x, y: box.maxY - 1, role: .border)
        grid.put(corners[3], x: box.maxX - 1, y: box.maxY - 1, role: .border)
    }
}
