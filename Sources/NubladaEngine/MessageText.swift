/// Text from outside (a file's keys and values, a name from a kubeconfig) quoted in an error
/// message: control characters and line breaks are shown escaped (`\n`, `\u{1B}`, `\u{2028}`),
/// so a message stays one line and cannot move the cursor or recolour the terminal.
public enum MessageText {
    public static func oneLine(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if needsEscape(scalar) {
                result.append(contentsOf: scalar.escaped(asASCII: true).unicodeScalars)
            } else {
                result.append(scalar)
            }
        }
        return String(result)
    }

    /// Control characters other than tab (C0, DEL, C1) and the Unicode line and paragraph separators.
    public static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        guard scalar != "\t" else { return false }
        switch scalar.properties.generalCategory {
        case .control, .lineSeparator, .paragraphSeparator: return true
        default: return false
        }
    }
}
