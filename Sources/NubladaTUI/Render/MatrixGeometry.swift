/// The matrix's horizontal layout: pinned node names and missing counts on the left, then as
/// many image columns as fit starting at the scroll position, then the taint comment.
struct MatrixGeometry: Hashable {
    static let summaryWidth = 7
    static let gap = 1

    let nameX: Int
    let nameWidth: Int
    let summaryX: Int
    let cellsX: Int
    /// Columns shown, as indices into `PreparedData.columns`.
    let visibleColumns: Range<Int>
    /// Left edge of each visible column.
    let columnX: [Int]
    /// Where the taint comment of ineligible nodes starts.
    let commentX: Int
    let maxX: Int

    init(prepared: PreparedData, body: Rect, columnScroll: Int) {
        maxX = body.maxX
        nameX = body.x + 1
        let spare = body.width - 1 - MatrixGeometry.summaryWidth - 2 - 12
        nameWidth = max(6, min(prepared.nodeNameWidth, spare))
        summaryX = nameX + nameWidth + 1
        cellsX = summaryX + MatrixGeometry.summaryWidth + 2
        let columns = prepared.columns
        let first = min(max(0, columnScroll), max(0, columns.count - 1))
        var x = cellsX
        var positions: [Int] = []
        var last = first
        while last < columns.count && x + columns[last].width <= body.maxX {
            positions.append(x)
            x += columns[last].width + MatrixGeometry.gap
            last += 1
        }
        visibleColumns = first..<max(first, last)
        columnX = positions
        commentX = x + 1
    }

    /// The greatest useful column scroll: the one that shows the last column.
    static func maxColumnScroll(prepared: PreparedData, body: Rect) -> Int {
        let columns = prepared.columns
        guard !columns.isEmpty else { return 0 }
        var first = columns.count - 1
        let probe = MatrixGeometry(prepared: prepared, body: body, columnScroll: 0)
        var used = columns[first].width
        while first > 0 && probe.cellsX + used + MatrixGeometry.gap + columns[first - 1].width <= body.maxX {
            used += MatrixGeometry.gap + columns[first - 1].width
            first -= 1
        }
        return first
    }
}
