/// Reads the theme line format (see `themes/README.md`):
///
///     # comment
///     name = Solarized dark
///     text      = #839496 on #002b36
///     selection = #002b36 on #93a1a1 bold
///     dim       = default dim
///
/// A style is an optional foreground, an optional `on BACKGROUND`, then attributes
/// (`bold`, `dim`, `underline`, `reverse`, `italic`). Colours are `#rrggbb` or `default`.
public enum ThemeParser {
    static let attributeNames: [String: CellAttributes] = [
        "bold": .bold, "dim": .dim, "underline": .underline, "reverse": .reverse, "italic": .italic,
    ]

    /// Parses `text`; `file` names the source in errors. The theme's name is its `name`
    /// line, else `fallbackName`.
    public static func parse(_ text: String, file: String, fallbackName: String) throws(ThemeError) -> Theme {
        var name = fallbackName
        var styles: [ThemeRole: RoleStyle] = [:]
        var lineNumber = 0
        // "\r\n" is one Character in Swift: splitting at "\n" alone would not split CRLF files.
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            lineNumber += 1
            func fail(_ message: String) -> ThemeError { ThemeError(file: file, line: lineNumber, message: message) }
            var line = Substring(rawLine)
            line = withoutComment(line)
            let trimmed = line.trimmingCharacters(in: " \t\r")
            if trimmed.isEmpty { continue }
            guard let equals = trimmed.firstIndex(of: "=") else { throw fail("expected 'role = style'") }
            let key = String(trimmed[..<equals]).trimmingCharacters(in: " \t")
            let value = String(trimmed[trimmed.index(after: equals)...]).trimmingCharacters(in: " \t")
            if key == "name" {
                guard !value.isEmpty else { throw fail("empty theme name") }
                name = value
                continue
            }
            guard let role = ThemeRole(rawValue: key) else { throw fail("unknown role '\(key)'") }
            guard styles[role] == nil else { throw fail("role '\(key)' set twice") }
            styles[role] = try parseStyle(value, fail: fail)
        }
        return Theme(name: name, styles: styles)
    }

    /// The line up to its comment: a `#` that starts the line, or a `#` after whitespace
    /// followed by whitespace (`text = #ffffff  # white`); `#rrggbb` never starts one.
    private static func withoutComment(_ line: Substring) -> Substring {
        var previous: Character?
        var index = line.startIndex
        while index < line.endIndex {
            let character = line[index]
            let next = line.index(after: index)
            if character == "#" {
                let atLineStart = line[..<index].allSatisfy { $0 == " " || $0 == "\t" }
                let spaced = (previous == " " || previous == "\t")
                    && (next == line.endIndex || line[next] == " " || line[next] == "\t")
                if atLineStart || spaced { return line[..<index] }
            }
            previous = character
            index = next
        }
        return line
    }

    private static func parseStyle(_ value: String, fail: (String) -> ThemeError) throws(ThemeError) -> RoleStyle {
        var style = RoleStyle()
        var words = value.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)[...]
        if let first = words.first, let color = parseColor(first) {
            style.foreground = color
            words = words.dropFirst()
        }
        if words.first == "on" {
            words = words.dropFirst()
            guard let word = words.first else { throw fail("missing colour after 'on'") }
            guard let color = parseColor(word) else { throw fail("bad colour '\(word)' (expected #rrggbb or default)") }
            style.background = color
            words = words.dropFirst()
        }
        for word in words {
            if let attribute = attributeNames[word.lowercased()] {
                style.attributes.insert(attribute)
            } else if word.hasPrefix("#") {
                throw fail("bad colour '\(word)' (expected #rrggbb or default)")
            } else {
                throw fail("unknown attribute '\(word)'")
            }
        }
        return style
    }

    private static func parseColor(_ word: String) -> ThemeColor? {
        if word == "default" { return .terminalDefault }
        return RGBColor(hex: word).map(ThemeColor.rgb)
    }
}

extension StringProtocol {
    func trimmingCharacters(in set: String) -> String {
        let characters = Set(set)
        var start = startIndex
        var end = endIndex
        while start < end && characters.contains(self[start]) { start = index(after: start) }
        while end > start && characters.contains(self[index(before: end)]) { end = index(before: end) }
        return String(self[start..<end])
    }
}
