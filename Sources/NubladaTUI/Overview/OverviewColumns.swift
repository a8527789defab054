/// A table that fits its columns to the screen: every column is as wide as its widest cell
/// (title included), the lowest-priority columns are dropped until the rest fit, and the
/// last column kept takes what remains. Used by the overview table and the compare view.
struct FittedColumns {
    struct Column {
        var title: String
        /// Higher is kept longer; columns of equal priority drop right to left.
        var priority: Int
        var cells: [StyledLine]
        /// Takes the width left over, at least `minimumRest` (at most one such column).
        var fillsRest = false

        var naturalWidth: Int { max(TextWidth.of(title), cells.map(\.width).max() ?? 0) }
    }

    /// The columns kept, in their order, with their widths.
    private(set) var kept: [(column: Column, width: Int)] = []

    init(_ columns: [Column], width: Int, gap: Int = 2) {
        var keep = Array(columns.indices)
        func used(_ indices: [Int]) -> Int {
            indices.reduce(0) { $0 + (columns[$1].fillsRest ? Self.minimumRest : columns[$1].naturalWidth) } + gap * max(0, indices.count - 1)
        }
        while used(keep) > width, let drop = keep.enumerated().min(by: { a, b in
            (columns[a.element].priority, -a.offset) < (columns[b.element].priority, -b.offset)
        }) {
            keep.remove(at: drop.offset)
        }
        let fixed = keep.filter { !columns[$0].fillsRest }.reduce(0) { $0 + columns[$1].naturalWidth } + gap * max(0, keep.count - 1)
        kept = keep.map { index in
            (columns[index], columns[index].fillsRest ? max(0, width - fixed) : columns[index].naturalWidth)
        }
        self.gap = gap
    }

    private let gap: Int
    /// The least a column that fills the rest is given before lower-priority columns go.
    static let minimumRest = 20

    /// Draws the title row at `y` and the cells of rows `first..<first+count` below it.
    /// The selected row is filled with the selection role across `rowWidth`; its plain text
    /// takes that role, its glyphs keep their own colours.
    func draw(x: Int, y: Int, first: Int, count: Int, selected: Int?, rowWidth: Int, glyphs: Glyphs, into grid: inout CellGrid) {
        if let selected, selected >= first, selected < first + count {
            grid.fill(Rect(x: x - 1, y: y + 1 + selected - first, width: rowWidth, height: 1), role: .selection)
        }
        var columnX = x
        for (column, width) in kept {
            grid.write(column.title, x: columnX, y: y, maxWidth: width, role: .dim, ellipsis: glyphs.ellipsis)
            for row in first..<min(first + count, column.cells.count) {
                var line = column.cells[row]
                if row == selected {
                    line.runs = line.runs.map { run in
                        .init(text: run.text, role: [.text, .dim].contains(run.role) ? .selection : run.role, attributes: run.attributes)
                    }
                }
                grid.draw(line, x: columnX, y: y + 1 + row - first, maxWidth: width, ellipsis: glyphs.ellipsis)
            }
            columnX += width + gap
        }
    }
}
