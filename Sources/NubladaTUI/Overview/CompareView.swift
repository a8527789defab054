import NubladaEngine

/// The compare view (`c`): what each environment recommends, then every image of any
/// environment's prepull set with, per environment, `●` prepulled everywhere it must be,
/// `○ cached/required` partly, `·` not in its set, `?` no data yet.
enum CompareView {
    static func comparison(_ state: OverviewState) -> EnvironmentComparison {
        EnvironmentComparison(state.environments.map { ($0.name, $0.dashboard.data) })
    }

    /// Lines below the column titles: what each recommends, then one per image.
    static func lineCount(_ state: OverviewState) -> Int { 1 + comparison(state).rows.count }

    static func draw(_ state: OverviewState, in rect: Rect, into grid: inout CellGrid) {
        let glyphs = state.glyphs
        let comparison = comparison(state)
        let shown = max(0, rect.height - 1)
        let note = PanelTitle.position(first: state.scroll, shown: shown, total: 1 + comparison.rows.count)
        PanelTitle.draw("Compare: prepull images across environments", note: note, focused: true,
                        in: Rect(x: rect.x, y: rect.y, width: rect.width, height: 1), glyphs: glyphs, into: &grid)
        let recommended = state.environments.map { $0.dashboard.data.map { AliasTargetText.recommendedTarget($0) ?? $0.recommendedTag } }
        let table = FittedColumns(columns(comparison, recommended: recommended, glyphs: glyphs), width: rect.width - 2)
        table.draw(x: rect.x + 1, y: rect.y + 1, first: state.scroll, count: shown, selected: nil, rowWidth: rect.width,
                   glyphs: glyphs, into: &grid)
    }

    /// The image column, then one column per environment (all of equal priority: those that
    /// do not fit drop from the right). `recommended`: what each environment's recommended tag
    /// points to, as the overview says it (nil without data).
    static func columns(_ comparison: EnvironmentComparison, recommended: [String?], glyphs: Glyphs) -> [FittedColumns.Column] {
        let none = StyledLine(glyphs.noValue, role: .dim)
        var columns = [FittedColumns.Column(
            title: "image", priority: 1,
            cells: [StyledLine("(recommends)", role: .recommended)] + comparison.rows.map { StyledLine($0.tag) })]
        for (index, name) in comparison.environments.enumerated() {
            let target = recommended[index].map { StyledLine($0, role: .recommended) }
            columns.append(FittedColumns.Column(
                title: name, priority: 0,
                cells: [target ?? none] + comparison.rows.map { cell($0.cells[index], glyphs: glyphs) }))
        }
        return columns
    }

    static func cell(_ cell: EnvironmentComparison.Cell, glyphs: Glyphs) -> StyledLine {
        switch cell {
        case .full: StyledLine("\(glyphs.cached) all", role: .cached)
        case .partial(let cached, let required): StyledLine("\(glyphs.missing) \(cached)/\(required)", role: .missing)
        case .notInSet: StyledLine("\(glyphs.notRequired)", role: .notRequired)
        case .noData: StyledLine("\(glyphs.unknown)", role: .unknown)
        }
    }
}
