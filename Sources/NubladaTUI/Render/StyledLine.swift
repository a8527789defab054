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
    /// This line fitted to `width` columns, broken at spaces (a word that would not fit on a
    /// line of its own is cut instead). Continuation lines of a single-run line keep its
    /// indent plus two; those of a multi-run line (`Label   value`, `key   what it does`)
    /// continue under its last run when the runs before it take at most half the width, else
    /// under an indent of two.
    func wrapped(toWidth width: Int) -> [StyledLine] {
        guard width > 8, self.width > width, !runs.isEmpty else { return [self] }
        let leadingSpaces = runs[0].text.prefix { $0 == " " }.count
        let labelWidth = runs.dropLast().reduce(0) { $0 + TextWidth.of($1.text) }
        let indent = runs.count == 1 ? leadingSpaces + 2 : (labelWidth <= width / 2 ? labelWidth : 2)
        return WordWrapper(width: width, indent: min(indent, width / 2)).wrap(self)
    }
}

/// Breaks a styled line into lines of at most `width` columns at spaces, keeping each
/// character's run (role and attributes).
private struct WordWrapper {
    let width: Int
    let indent: Int

    /// A character and the index of its run (-1 for indent padding).
    private typealias Piece = (character: Character, run: Int)

    func wrap(_ line: StyledLine) -> [StyledLine] {
        let pieces: [Piece] = line.runs.enumerated().flatMap { index, run in run.text.map { ($0, index) } }
        let padding = [Piece](repeating: (" ", -1), count: indent)
        var lines: [[Piece]] = []
        var current: [Piece] = []
        var used = 0
        // Where the current line may break: the index of a space that follows a word.
        var breakAt: Int?
        for (position, piece) in pieces.enumerated() {
            let columns = TextWidth.of(piece.character)
            if used + columns > width {
                if piece.character == " " {
                    lines.append(current)
                    (current, used, breakAt) = (padding, indent, nil)
                    continue
                }
                // Move the word to the next line when it fits there whole; else cut it here.
                let word = breakAt.map { current[($0 + 1)...] } ?? []
                if let space = breakAt, indent + Self.width(word) + Self.widthOfWord(in: pieces, from: position) <= width {
                    lines.append(Array(current[..<space]))
                    current = padding + word
                    used = indent + Self.width(word)
                } else {
                    lines.append(current)
                    (current, used) = (padding, indent)
                }
                breakAt = nil
            }
            if piece.character == " ", current.contains(where: { $0.character != " " }) { breakAt = current.count }
            current.append(piece)
            used += columns
        }
        if current.contains(where: { $0.character != " " }) { lines.append(current) }
        return lines.map { styled(trimmingTrailingSpaces($0), runs: line.runs) }
    }

    private static func width(_ pieces: some Sequence<Piece>) -> Int {
        pieces.reduce(0) { $0 + TextWidth.of($1.character) }
    }

    /// Columns from `start` to the next space or the end.
    private static func widthOfWord(in pieces: [Piece], from start: Int) -> Int {
        width(pieces[start...].prefix { $0.character != " " })
    }

    private func trimmingTrailingSpaces(_ pieces: [Piece]) -> ArraySlice<Piece> {
        var end = pieces.count
        while end > 0 && pieces[end - 1].character == " " { end -= 1 }
        return pieces[..<end]
    }

    /// Pieces regrouped into runs with their original roles and attributes.
    private func styled(_ pieces: ArraySlice<Piece>, runs: [StyledLine.Run]) -> StyledLine {
        var result = StyledLine()
        var text = ""
        var runIndex = pieces.first?.run ?? -1
        func flush() {
            guard !text.isEmpty else { return }
            let run = runIndex >= 0 ? runs[runIndex] : StyledLine.Run(text: "")
            result.append(text, role: run.role, attributes: run.attributes)
            text = ""
        }
        for piece in pieces {
            if piece.run != runIndex {
                flush()
                runIndex = piece.run
            }
            text.append(piece.character)
        }
        flush()
        return result
    }
}
