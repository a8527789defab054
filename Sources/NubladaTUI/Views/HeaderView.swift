import NubladaEngine

/// The top bar: context, prepull convergence, registry path, image and node counts, refresh state.
enum HeaderView {
    static func draw(_ state: DashboardState, in rect: Rect, into grid: inout CellGrid) {
        grid.fill(rect, role: .header)
        let glyphs = state.glyphs
        let (badge, badgeRole) = refreshBadge(state)
        let badgeX = rect.maxX - TextWidth.of(badge)
        grid.write(badge, x: badgeX, y: rect.y, role: badgeRole, attributes: .bold)

        var fixed = [" \(state.options.contextName)"]
        let convergence = convergence(state)
        if let convergence { fixed.append(convergence) }
        if let data = state.data {
            fixed.append("\(data.images.count) images")
            fixed.append("\(data.nodes.count) nodes (\(data.eligibleNodeCount) eligible)")
        }
        if !state.filter.isEmpty { fixed.append("filter: \(state.filter)") }
        let separator = glyphs.separator
        let available = badgeX - rect.x - 1
        let fixedWidth = fixed.reduce(0) { $0 + TextWidth.of($1) } + TextWidth.of(separator) * (fixed.count - 1)
        var parts = fixed
        if let path = state.data?.registryPath {
            let room = available - fixedWidth - TextWidth.of(separator)
            let after = convergence == nil ? 1 : 2
            if room >= 12 { parts.insert(path.truncatedKeepingEnd(toWidth: room, ellipsis: glyphs.ellipsis), at: after) }
        }
        grid.write(parts.joined(separator: separator), x: rect.x, y: rect.y, maxWidth: available, role: .header,
                   attributes: .bold, ellipsis: glyphs.ellipsis)
    }

    /// `prepull 137/140 cached · 2 pulling · 1 failing`: the cells of eligible nodes that cache
    /// their prepull image, of all, then the pulls at work in each state that has any.
    static func convergence(_ state: DashboardState) -> String? {
        guard let prepared = state.prepared, !prepared.data.columns.isEmpty else { return nil }
        let columns = prepared.data.columns
        var parts = ["prepull \(columns.reduce(0) { $0 + $1.cachedCount })/\(columns.reduce(0) { $0 + $1.eligibleCount }) cached"]
        if let totals = prepared.activity?.reading.activity?.totals {
            parts += PullState.allCases.filter { totals[$0] > 0 }.map { "\(totals[$0]) \($0.name)" }
        }
        return parts.joined(separator: state.glyphs.separator)
    }

    /// ` idle `, ` refreshing `, ` paused `, ` stale 5m 03s `, ` loading `, ` no data yet `,
    /// ` partial: registry 10m 03s old `.
    static func refreshBadge(_ state: DashboardState) -> (String, ThemeRole) {
        switch state.refreshIndicator {
        case .loading: return (" loading ", .header)
        case .idle: return (" idle ", .ok)
        case .refreshing: return (" refreshing ", .header)
        case .paused: return (" paused ", .warning)
        case .noData: return (" no data yet ", .error)
        case .partial:
            // Which side's data is older, and by how much: the shown data is only as fresh as that.
            guard let behind = state.sidesBehind.first else { return (" partial ", .stale) }
            return (" partial: \(behind.side) \(behind.answeredAt.map { "\(Formatting.duration(state.now - $0)) old" } ?? "no data") ", .stale)
        case .stale(let age): return (" stale \(Formatting.duration(age)) ", .stale)
        }
    }
}
