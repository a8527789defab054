import NubladaEngine

/// The overview's table: one row per environment, trouble first (or by name), with its
/// number (the key that opens it), state, what it recommends, its newest weekly and daily,
/// prepull convergence, eligible nodes, the age of its data, its registry, and the reason of
/// an error. Glyph and colour together, as in the matrix.
enum OverviewTableView {
    static func draw(_ state: OverviewState, in rect: Rect, into grid: inout CellGrid) {
        let glyphs = state.glyphs
        let order = state.order
        let rows = order.map { OverviewRow(state.environments[$0], now: state.now) }
        let shown = max(0, rect.height - 1)
        let note = PanelTitle.position(first: state.scroll, shown: shown, total: rows.count)
        PanelTitle.draw("Environments, \(state.sort == .trouble ? "trouble first" : "by name")", note: note, focused: true,
                        in: Rect(x: rect.x, y: rect.y, width: rect.width, height: 1), glyphs: glyphs, into: &grid)
        let table = FittedColumns(columns(rows, order: order, glyphs: glyphs), width: rect.width - 2)
        table.draw(x: rect.x + 1, y: rect.y + 1, first: state.scroll, count: shown, selected: state.cursor,
                   rowWidth: rect.width, glyphs: glyphs, into: &grid)
    }

    static func columns(_ rows: [OverviewRow], order: [Int], glyphs: Glyphs) -> [FittedColumns.Column] {
        func column(_ title: String, _ priority: Int, fillsRest: Bool = false, _ cell: (Int, OverviewRow) -> StyledLine) -> FittedColumns.Column {
            FittedColumns.Column(title: title, priority: priority, cells: rows.enumerated().map { cell($0.offset, $0.element) },
                                 fillsRest: fillsRest)
        }
        let none = StyledLine(glyphs.noValue, role: .dim)
        return [
            column("#", 9) { position, _ in StyledLine("\(order[position] + 1)", role: .key) },
            column("environment", 9) { _, row in StyledLine(row.name, attributes: .bold) },
            column("state", 8) { _, row in health(row.health, glyphs: glyphs) },
            // The registry's columns take the stale colour while its data is older than the rest.
            column("recommended", 6) { _, row in
                row.recommended.map { StyledLine($0, role: row.registryBehind ? .stale : .recommended) } ?? none
            },
            column("prepulled", 7) { _, row in convergence(row.summary, pulls: row.pulls, glyphs: glyphs) ?? none },
            column("nodes", 5) { _, row in row.summary.map { StyledLine("\($0.eligibleNodes)/\($0.nodes)") } ?? none },
            column("weekly", 2) { _, row in row.summary?.latestWeekly.map { StyledLine($0, role: row.registryBehind ? .stale : .text) } ?? none },
            column("daily", 1) { _, row in row.summary?.latestDaily.map { StyledLine($0, role: row.registryBehind ? .stale : .text) } ?? none },
            column("updated", 3) { _, row in row.age.map { StyledLine("\(Formatting.duration($0)) ago", role: .dim) } ?? none },
            column("registry", 0) { _, row in StyledLine(row.source, role: .dim) },
            column("reason", 7, fillsRest: true) { _, row in reason(row, glyphs: glyphs) },
        ]
    }

    /// `● ok`, `⚠ stale 5m 03s`, `⚠ error`, `⚠ partial`, `⚠ no answer`, `loading`, `refreshing`.
    static func health(_ health: OverviewRow.Health, glyphs: Glyphs) -> StyledLine {
        switch health {
        case .ok: StyledLine("\(glyphs.cached) ok", role: .ok)
        case .loading: StyledLine("loading", role: .dim)
        case .refreshing: StyledLine("refreshing", role: .dim)
        case .partial: StyledLine("\(glyphs.warning) partial", role: .stale)
        case .stale(let age, _): StyledLine("\(glyphs.warning) stale \(Formatting.duration(age))", role: .stale)
        case .error: StyledLine("\(glyphs.warning) error", role: .error)
        case .noAnswer: StyledLine("\(glyphs.warning) no answer", role: .error)
        }
    }

    /// The wait of a refresh without an answer (`no answer for 45s from HOST`), or the
    /// failure behind an error, stale or partial state, its long locators shortened, after
    /// the age of a side whose data is older than the rest (`registry data 10m 03s old`).
    static func reason(_ row: OverviewRow, glyphs: Glyphs) -> StyledLine {
        let ellipsis = String(glyphs.ellipsis)
        let behind = row.sidesBehind.joined(separator: glyphs.separator)
        switch row.health {
        case .noAnswer: return StyledLine(row.waitText ?? "", role: .error)
        case .error(let reason): return StyledLine(ErrorText.compact(reason, ellipsis: ellipsis), role: .error)
        case .partial(let reason), .stale(_, let reason?):
            let failure = ErrorText.compact(reason, ellipsis: ellipsis)
            return StyledLine(behind.isEmpty ? failure : behind + glyphs.separator + failure, role: .stale)
        default: return behind.isEmpty ? StyledLine() : StyledLine(behind, role: .stale)
        }
    }

    /// `● 40/40` when every eligible node holds every prepull image, else `○ 35/40`, then the
    /// pulls at work as in the matrix: `◐2 ✗1 !1` (only the states that have some).
    static func convergence(_ summary: EnvironmentSummary?, pulls: ClusterActivity.Totals?, glyphs: Glyphs) -> StyledLine? {
        guard let summary else { return nil }
        let (glyph, role): (Character, ThemeRole) = summary.isConverged ? (glyphs.cached, .cached) : (glyphs.missing, .missing)
        var line = StyledLine("\(glyph) ", role: role)
        line.append("\(summary.cached)/\(summary.required)")
        if let pulls {
            for state in PullState.allCases where pulls[state] > 0 {
                let (pullGlyph, pullRole) = MatrixCellStyle.glyph(.missing, pull: state, glyphs: glyphs)
                line.append(" \(pullGlyph)\(pulls[state])", role: pullRole)
            }
        }
        return line
    }
}
