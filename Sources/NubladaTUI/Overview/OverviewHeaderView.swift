/// The overview's top bar: how many environments, and how many are in trouble.
enum OverviewHeaderView {
    static func draw(_ state: OverviewState, in rect: Rect, into grid: inout CellGrid) {
        grid.fill(rect, role: .header)
        let rows = state.environments.map { OverviewRow($0, now: state.now) }
        let count = { (word: String) in rows.filter { $0.troubleWord == word }.count }
        var parts = [" nubladash", "\(rows.count) environments"]
        for word in ["no answer", "error", "stale", "partial"] where count(word) > 0 {
            parts.append("\(count(word)) \(word)")
        }
        let converged = rows.filter { $0.summary?.isConverged == true }.count
        parts.append("\(converged) fully prepulled")
        grid.write(parts.joined(separator: state.glyphs.separator), x: rect.x, y: rect.y, maxWidth: rect.width, role: .header,
                   attributes: .bold, ellipsis: state.glyphs.ellipsis)
        let trouble = count("no answer") + count("error"), behind = count("stale") + count("partial")
        let (badge, role): (String, ThemeRole) = trouble > 0 ? (" trouble ", .error) : behind > 0 ? (" stale ", .stale) : (" ok ", .ok)
        grid.write(badge, x: rect.maxX - TextWidth.of(badge), y: rect.y, role: role, attributes: .bold)
    }
}
