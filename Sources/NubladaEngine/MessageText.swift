/// Text from outside (a file's keys and values, a name from a kubeconfig, a kubelet's
/// message, a registry's tag) shown on a terminal, in an error message, a report or the
/// dashboard: control characters, line breaks and bidirectional controls are shown escaped
/// (`\n`, `\u{1B}`, `\u{2028}`, `\u{202E}`), so the text stays one line, cannot move the
/// cursor, recolour the terminal, write the clipboard or reorder what is shown after it; and
/// it is cut to `limit` characters, so one message cannot bury the rest of the output.
public enum MessageText {
    /// Long enough for any real error message (a path, a server's explanation, thirty
    /// environment names); a longer text is cut.
    public static let defaultLimit = 4_000

    /// For one field of a report line (a pod's waiting message, a tag, a node name).
    public static let fieldLimit = 300

    public static func oneLine(_ text: String, limit: Int = defaultLimit) -> String {
        let scalars = text.unicodeScalars
        // The common case, plain and short, costs one pass and no copy.
        var count = 0
        var plain = true
        for scalar in scalars {
            count += 1
            if needsEscape(scalar) { plain = false; break }
        }
        if plain && count <= limit { return text }
        var result = String.UnicodeScalarView()
        var shown = 0
        var index = scalars.startIndex
        while index != scalars.endIndex && shown < limit {
            let scalar = scalars[index]
            if needsEscape(scalar) {
                result.append(contentsOf: scalar.escaped(asASCII: true).unicodeScalars)
            } else {
                result.append(scalar)
            }
            shown += 1
            index = scalars.index(after: index)
        }
        let rest = scalars[index...].count
        if rest > 0 { result.append(contentsOf: "... (\(rest) more character\(rest == 1 ? "" : "s"))".unicodeScalars) }
        return String(result)
    }

    /// Control characters other than tab (C0, DEL, C1), the Unicode line and paragraph
    /// separators, and the bidirectional marks, embeddings, overrides and isolates
    /// (U+061C, U+200E–U+200F, U+202A–U+202E, U+2066–U+2069).
    public static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        guard scalar != "\t" else { return false }
        switch scalar.properties.generalCategory {
        case .control, .lineSeparator, .paragraphSeparator: return true
        case .format: return scalar.properties.isBidiControl
        default: return false
        }
    }
}
