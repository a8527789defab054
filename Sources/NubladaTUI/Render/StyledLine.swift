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
    /// This line fitted to `width` columns: a single-run line breaks at spaces (continuation
    /// lines keep its indent plus two); a multi-run line (`Label   value`) breaks anywhere,
    /// continuing under its value.
    func wrapped(toWidth width: Int) -> [StyledLine] {
        guard width > 8, self.width > width else { return [self] }
        return runs.count == 1 ? wrappedAtSpaces(width) : wrappedAnywhere(width)
    }

    private func wrappedAtSpaces(_ width: Int) -> [StyledLine] {
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
        return result.flatMap { $0.width > width ? $0.wrappedAnywhere(width) : [$0] }
    }

    private func wrappedAnywhere(_ width: Int) -> [StyledLine] {
        let firstWidth = TextWidth.of(runs[0].text)
        let indent = runs.count > 1 && firstWidth <= width / 2 ? firstWidth : 2
        var result: [StyledLine] = []
        var current = StyledLine()
        var used = 0
        for run in runs {
            var text = ""
            for character in run.text {
                let columns = TextWidth.of(character)
                if used + columns > width {
                    if !text.isEmpty { current.append(text, role: run.role, attributes: run.attributes) }
                    result.append(current)
                    current = StyledLine(String(repeating: " ", count: indent))
                    used = indent
                    text = ""
                }
                text.append(character)
                used += columns
            }
            if !text.isEmpty { current.append(text, role: run.role, attributes: run.attributes) }
        }
        if !current.runs.isEmpty { result.append(current) }
        return result
    }
}
