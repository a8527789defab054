/// A panel's title row: a rule with the title (highlighted when focused) and a position note.
enum PanelTitle {
    static func draw(_ title: String, note: String, focused: Bool, in rect: Rect, glyphs: Glyphs,
                     into grid: inout CellGrid) {
        grid.fill(rect, glyph: glyphs.horizontal, role: .border)
        let noteText = " \(note) "
        let noteX = note.isEmpty ? rect.maxX : max(rect.x + 12, rect.maxX - 1 - TextWidth.of(noteText))
        if !note.isEmpty {
            grid.write(noteText, x: noteX, y: rect.y, maxWidth: rect.maxX - noteX, role: .dim, ellipsis: glyphs.ellipsis)
        }
        let x = rect.x + 1
        grid.write(" \(title) ", x: x, y: rect.y, maxWidth: noteX - x - 1, role: focused ? .focus : .border,
                   attributes: focused ? .bold : [], ellipsis: glyphs.ellipsis)
    }

    /// `1-9 of 42`, or `42` when everything is shown.
    static func position(first: Int, shown: Int, total: Int) -> String {
        guard total > shown, shown > 0 else { return "\(total)" }
        return "\(first + 1)-\(min(total, first + shown)) of \(total)"
    }
}
