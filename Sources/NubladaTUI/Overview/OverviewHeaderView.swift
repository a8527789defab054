/// The overview's top bar: how many environments, and how many are in trouble.
enum OverviewHeaderView {
    static func draw(_ state: OverviewState, in rect: Rect, into grid: inout CellGrid) {
        grid.fill(rect, role: .header)
        let rows = state.environments.map { OverviewRow($0, now: state.now) }
        let count = { (rank: Int) in rows.filter { $0.troubleRank == rank }.count }
        var parts = [" nubladash", "\(rows.count) environments"]
        for (rank, word) in [(0, "error"), (1, "stale"), (2, "partial")] where count(rank) > 0 {
            parts.append("\(count(rank)) \(word)")
        }
        let converged = rows.filter { $0.summary?.isConverged == true }.count
        parts.append("\(converged) fully prepulled")
        grid.write(parts.joined(separator: state.glyphs.separator), x: rect.x, y: rect.y, maxWidth: rect.width, role: .header,
                   attributes: .bold, ellipsis: state.glyphs.ellipsis)
        let (badge, role): (String, ThemeRole) = count(0) > 0 ? (" trouble ", .error) : count(1) + count(2) > 0 ? (" stale ", .stale) : (" ok ", .ok)
        grid.write(badge, x: rect.maxX - TextWidth.of(badge), y: rect.y, role: role, attributes: .bold)
    }
}
