/// The rectangles of one panel: a title row, a column-heading row, the scrolling body and,
/// for the matrix, a totals row.
struct PanelLayout: Hashable {
    var frame: Rect
    var title: Rect
    var headings: Rect
    var body: Rect
    var footer: Rect?

    init(frame: Rect, hasFooter: Bool) {
        self.frame = frame
        (title, _) = frame.splitTop(1)
        let afterTitle = frame.splitTop(1).rest
        (headings, _) = afterTitle.splitTop(1)
        var rest = afterTitle.splitTop(1).rest
        if hasFooter && rest.height >= 2 {
            footer = Rect(x: rest.x, y: rest.maxY - 1, width: rest.width, height: 1)
            rest.height -= 1
        }
        body = rest
    }
}

/// Where everything goes for a screen size: header, the two panels (side by side on wide
/// screens, stacked otherwise) and the status line. Below 60×16 only the "too small" screen.
struct DashboardLayout: Hashable {
    static let minimumCols = 60
    static let minimumRows = 16
    /// From this width the panels sit side by side.
    static let sideBySideCols = 180

    let cols: Int
    let rows: Int
    let isTooSmall: Bool
    let sideBySide: Bool
    let header: Rect
    let status: Rect
    let images: PanelLayout
    let matrix: PanelLayout
    /// The column between side-by-side panels.
    let separator: Rect?

    init(state: DashboardState) {
        self.init(cols: state.cols, rows: state.rows, preferredImageWidth: state.prepared.map(ImagePanelColumns.preferredWidth) ?? 80,
                  imageLineCount: state.imageLines.count, nodeCount: state.visibleNodes.count)
    }

    init(cols: Int, rows: Int, preferredImageWidth: Int, imageLineCount: Int, nodeCount: Int) {
        self.cols = cols
        self.rows = rows
        isTooSmall = cols < DashboardLayout.minimumCols || rows < DashboardLayout.minimumRows
        let screen = Rect(x: 0, y: 0, width: cols, height: rows)
        (header, _) = screen.splitTop(1)
        status = Rect(x: 0, y: max(0, rows - 1), width: cols, height: 1)
        let body = Rect(x: 0, y: 1, width: cols, height: rows - 2)
        sideBySide = cols >= DashboardLayout.sideBySideCols
        if sideBySide {
            let imageWidth = min(preferredImageWidth, cols * 11 / 20)
            let (left, rest) = body.splitLeft(imageWidth)
            let (line, right) = rest.splitLeft(1)
            images = PanelLayout(frame: left, hasFooter: false)
            matrix = PanelLayout(frame: right, hasFooter: true)
            separator = line
        } else {
            let imagesWanted = imageLineCount + 2
            let matrixWanted = nodeCount + 3
            var imagesHeight = min(imagesWanted, max(5, body.height * 2 / 5))
            if matrixWanted < body.height - imagesHeight {
                imagesHeight = min(imagesWanted, body.height - matrixWanted)
            }
            imagesHeight = max(imagesHeight, min(5, body.height))
            let (top, bottom) = body.splitTop(imagesHeight)
            images = PanelLayout(frame: top, hasFooter: false)
            matrix = PanelLayout(frame: bottom, hasFooter: true)
            separator = nil
        }
    }

    func panel(_ panel: Panel) -> PanelLayout { panel == .images ? images : matrix }

    /// The box of a detail or help overlay.
    var overlayBox: Rect {
        let width = min(cols - 4, max(96, cols * 3 / 4))
        let height = rows - 4
        return Rect(x: (cols - width) / 2, y: 2, width: width, height: height)
    }
}
