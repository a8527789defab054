/// The overview's bottom line: the `:name` prompt while it is typed, else a notice, else the
/// keys (the compare view's legend in the compare view).
enum OverviewStatusView {
    static func draw(_ state: OverviewState, in rect: Rect, into grid: inout CellGrid) {
        let glyphs = state.glyphs
        if let text = state.jumpText {
            grid.fill(rect, role: .prompt)
            let x = rect.x + grid.write(" Environment: \(text)", x: rect.x, y: rect.y, role: .prompt, attributes: .bold)
            grid.put(" ", x: x, y: rect.y, role: .prompt, attributes: .reverse)
            return
        }
        grid.fill(rect, role: .text)
        if let notice = state.notice {
            grid.write(" \(notice.text)", x: rect.x, y: rect.y, maxWidth: rect.width, role: notice.isProblem ? .error : .text,
                       ellipsis: glyphs.ellipsis)
            return
        }
        var line = StyledLine(" ")
        let keys: [(String, String)] = state.mode == .compare
            ? [("c", "back"), ("\(glyphs.cached)", "prepulled"), ("\(glyphs.missing)", "partly"),
               ("\(glyphs.notRequired)", "not in set"), ("\(glyphs.unknown)", "no data"), ("q", "quit")]
            : [("enter", "open"), ("1-9", "jump"), (":", "name"), ("s", "sort"), ("u", "refresh"), ("U", "all"),
               ("c", "compare"), ("q", "quit")]
        for (key, word) in keys {
            line.append(key, role: .key)
            line.append(" \(word)  ", role: .dim)
        }
        grid.draw(line, x: rect.x, y: rect.y, maxWidth: rect.width, ellipsis: glyphs.ellipsis)
    }
}
