/// A panel's title row: a rule with the title (highlighted when focused) and a position note.
enum PanelTitle {
    static func draw(_ title: String, note: String, focused: Bool, in rect: Rect, glyphs: Glyphs,
                     into grid: inout CellGrid) {
        grid.fill(rect, glyph: glyphs.horizontal, role: .border)
        var x = rect.x + 1
        x += grid.write(" \(title) ", x: x, y: rect.y, maxWidth: rect.maxX - x, role: focused ? .focus : .border,
                        attributes: focused ? .bold : [], ellipsis: glyphs.ellipsis)
        let noteText = " \(note) "
        let noteX = rect.maxX - 1 - TextWidth.of(noteText)
        if !note.isEmpty && noteX > x + 1 {
            grid.write(noteText, x: noteX, y: rect.y, role: .dim)
        }
    }

    /// `1-9 of 42`, or `42` when everything is shown.
    static func position(first: Int, shown: Int, total: Int) -> String {
        guard total > shown, shown > 0 else { return "\(total)" }
        return "\(first + 1)-\(min(total, first + shown)) of \(total)"
    }
}
