import NubladaEngine

/// An in-memory screen: `cols` × `rows` cells that views draw into and painters copy out.
///
/// Drawing clips at the grid's edges; writing over half of a wide glyph blanks the other half.
public struct CellGrid: Hashable, Sendable {
    public private(set) var cols: Int
    public private(set) var rows: Int
    public private(set) var cells: [Cell]

    public init(cols: Int, rows: Int) {
        self.cols = max(0, cols)
        self.rows = max(0, rows)
        cells = Array(repeating: .blank, count: self.cols * self.rows)
    }

    public var bounds: Rect { Rect(x: 0, y: 0, width: cols, height: rows) }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * cols + x] }
    }

    /// Makes the grid `cols` × `rows` and blank.
    public mutating func reset(cols newCols: Int, rows newRows: Int) {
        if newCols != cols || newRows != rows {
            self = CellGrid(cols: newCols, rows: newRows)
        } else {
            clear()
        }
    }

    /// Blanks every cell with `role`.
    public mutating func clear(role: ThemeRole = .text) {
        let blank = Cell(role: role)
        for index in cells.indices { cells[index] = blank }
    }

    /// Puts one grapheme at (x, y) and returns the columns it took (0 when clipped).
    @discardableResult
    public mutating func put(_ glyph: Character, x: Int, y: Int, role: ThemeRole, attributes: CellAttributes = [],
                             width knownWidth: Int? = nil) -> Int {
        guard y >= 0, y < rows, x >= 0, x < cols else { return 0 }
        var character = glyph
        var width = knownWidth ?? TextWidth.of(glyph)
        // What printed text shows escaped (MessageText) cannot be drawn: a C1 byte is a CSI to
        // some terminals and a bidirectional control reorders the rest of the row.
        if let ascii = glyph.asciiValue, ascii < 0x20 || ascii == 0x7F {
            character = "?"
            width = 1
        } else if glyph.asciiValue == nil, glyph.unicodeScalars.contains(where: MessageText.needsEscape) {
            character = "?"
            width = 1
        }
        if width == 2 && x + 1 >= cols {
            character = " "
            width = 1
        }
        let index = y * cols + x
        releaseWideNeighbours(at: index, x: x, width: width)
        cells[index] = Cell(glyph: character, role: role, attributes: attributes, width: UInt8(width))
        if width == 2 {
            cells[index + 1] = Cell(glyph: " ", role: role, attributes: attributes, width: 0)
        }
        return width
    }

    /// Blanks the halves of wide glyphs that a new glyph at `index` would split.
    private mutating func releaseWideNeighbours(at index: Int, x: Int, width: Int) {
        if cells[index].isWideTail && x > 0 {
            cells[index - 1] = Cell(role: cells[index - 1].role)
        }
        let last = index + width - 1
        if last + 1 < cells.count && (x + width) < cols && cells[last + 1].isWideTail {
            cells[last + 1] = Cell(role: cells[last + 1].role)
        }
    }

    /// Writes `text` from (x, y), at most `maxWidth` columns (default: to the right edge).
    /// With `ellipsis`, text that does not fit ends in `…` (or `~` for ASCII output).
    /// Returns the columns written.
    @discardableResult
    public mutating func write(_ text: String, x: Int, y: Int, maxWidth: Int? = nil, role: ThemeRole = .text,
                               attributes: CellAttributes = [], ellipsis: Character? = nil) -> Int {
        guard y >= 0, y < rows, x < cols else { return 0 }
        let limit = min(maxWidth ?? (cols - x), cols - x)
        guard limit > 0 else { return 0 }
        if TextWidth.isASCII(text) {
            return writeASCII(text, x: x, y: y, limit: limit, role: role, attributes: attributes, ellipsis: ellipsis)
        }
        let fits = ellipsis == nil || TextWidth.of(text) <= limit
        let budget = fits ? limit : limit - 1
        var column = x
        for character in text {
            let width = TextWidth.of(character)
            if column + width - x > budget { break }
            if column >= 0 {
                put(character, x: column, y: y, role: role, attributes: attributes, width: width)
            }
            column += width
        }
        if !fits, let ellipsis {
            put(ellipsis, x: column, y: y, role: role, attributes: attributes, width: 1)
            column += 1
        }
        return column - x
    }

    private mutating func writeASCII(_ text: String, x: Int, y: Int, limit: Int, role: ThemeRole,
                                     attributes: CellAttributes, ellipsis: Character?) -> Int {
        let utf8 = text.utf8
        let fits = ellipsis == nil || utf8.count <= limit
        let budget = fits ? min(limit, utf8.count) : limit - 1
        var column = x
        let rowStart = y * cols
        var written = 0
        for byte in utf8 {
            if written == budget { break }
            if column >= 0 {
                let glyph: Character = byte < 0x20 || byte == 0x7F ? "?" : Character(Unicode.Scalar(byte))
                let index = rowStart + column
                if cells[index].width != 1 || (column + 1 < cols && cells[index + 1].isWideTail) {
                    releaseWideNeighbours(at: index, x: column, width: 1)
                }
                cells[index] = Cell(glyph: glyph, role: role, attributes: attributes, width: 1)
            }
            column += 1
            written += 1
        }
        if !fits, let ellipsis {
            put(ellipsis, x: column, y: y, role: role, attributes: attributes, width: 1)
            column += 1
        }
        return column - x
    }

    /// Fills a rectangle with one glyph.
    public mutating func fill(_ rect: Rect, glyph: Character = " ", role: ThemeRole = .text,
                              attributes: CellAttributes = []) {
        let clipped = Rect(x: max(0, rect.x), y: max(0, rect.y),
                           width: min(rect.maxX, cols) - max(0, rect.x), height: min(rect.maxY, rows) - max(0, rect.y))
        guard !clipped.isEmpty else { return }
        let cell = Cell(glyph: glyph, role: role, attributes: attributes)
        for y in clipped.y..<clipped.maxY {
            if clipped.x > 0 && cells[y * cols + clipped.x].isWideTail {
                cells[y * cols + clipped.x - 1] = Cell(role: cells[y * cols + clipped.x - 1].role)
            }
            if clipped.maxX < cols && cells[y * cols + clipped.maxX].isWideTail {
                cells[y * cols + clipped.maxX] = Cell(role: cells[y * cols + clipped.maxX].role)
            }
            for x in clipped.x..<clipped.maxX { cells[y * cols + x] = cell }
        }
    }

    /// Changes the role and attributes of a run of cells, keeping their glyphs.
    public mutating func restyle(_ rect: Rect, role: ThemeRole, attributes: CellAttributes = []) {
        for y in max(0, rect.y)..<min(rect.maxY, rows) {
            for x in max(0, rect.x)..<min(rect.maxX, cols) {
                cells[y * cols + x].role = role
                cells[y * cols + x].attributes = attributes
            }
        }
    }

    /// One row's text (wide-glyph tails skipped), trailing spaces removed.
    public func text(ofRow y: Int) -> String {
        var line = ""
        for x in 0..<cols {
            let cell = cells[y * cols + x]
            if !cell.isWideTail { line.append(cell.glyph) }
        }
        while line.last == " " { line.removeLast() }
        return line
    }

    /// The whole grid as text, one line per row.
    public var text: String {
        (0..<rows).map { text(ofRow: $0) }.joined(separator: "\n") + "\n"
    }
}
