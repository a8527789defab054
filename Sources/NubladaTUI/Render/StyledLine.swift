/// A line of text made of runs with their own roles (overlay content, status line).
struct StyledLine: Hashable {
    struct Run: Hashable {
        var text: String
        var role: ThemeRole = .text
        var attributes: CellAttributes = []
    }

    var runs: [Run] = []

    init(_ runs: [Run] = []) { self.runs = runs }

    init(_ text: String, role: ThemeRole = .text, attributes: CellAttributes = []) {
        runs = [Run(text: text, role: role, attributes: attributes)]
    }

    mutating func append(_ text: String, role: ThemeRole = .text, attributes: CellAttributes = []) {
        runs.append(Run(text: text, role: role, attributes: attributes))
    }

    var width: Int { runs.reduce(0) { $0 + TextWidth.of($1.text) } }
}

extension CellGrid {
    /// Draws a styled line from (x, y) within `maxWidth` columns; the last visible run ends in
    /// `ellipsis` when the line does not fit.
    mutating func draw(_ line: StyledLine, x: Int, y: Int, maxWidth: Int, ellipsis: Character) {
        var column = x
        let total = line.width
        for run in line.runs {
            let left = x + maxWidth - column
            guard left > 0 else { break }
            let isCut = total > maxWidth && column - x + TextWidth.of(run.text) > maxWidth
            column += write(run.text, x: column, y: y, maxWidth: left, role: run.role, attributes: run.attributes,
                            ellipsis: isCut ? ellipsis : nil)
        }
    }
}

extension StyledLine {
    /// This line broken at spaces into lines of at most `width` columns. Only single-run
    /// lines are wrapped (continuation lines keep the leading indent); others are returned as is.
    func wrapped(toWidth width: Int) -> [StyledLine] {
        guard runs.count == 1, width > 8, self.width > width else { return [self] }
        let run = runs[0]
        let indent = String(run.text.prefix { $0 == " " })
        var result: [StyledLine] = []
        var current = ""
        for word in run.text.split(separator: " ") {
            let candidate = current.isEmpty ? indent + word : current + " " + word
            if TextWidth.of(candidate) > width && !current.isEmpty {
                result.append(StyledLine(current, role: run.role, attributes: run.attributes))
                current = indent + "  " + word
            } else {
                current = candidate
            }
        }
        if !current.isEmpty { result.append(StyledLine(current, role: run.role, attributes: run.attributes)) }
        return result
    }
}
