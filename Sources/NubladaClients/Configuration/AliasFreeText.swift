import Yams

/// A YAML text with every `*` replaced by a character the text does not hold, so that no
/// alias is left: an alias becomes a plain scalar in the same place, and the document keeps
/// its shape (`*` means nothing else in YAML's structure). Composing it costs no more than
/// its length, whatever the aliases would expand to.
struct AliasFreeText {
    let text: String
    /// The stand-in for `*`: a private-use character, printable in YAML, absent from the original.
    let marker: Unicode.Scalar

    init(_ original: String) {
        let candidates: ClosedRange<UInt32> = 0xE000...0xF8FF
        let present = Set(original.unicodeScalars.lazy.map(\.value).filter(candidates.contains))
        // With every candidate present (6,400 of them), a scalar key starting with the last
        // one would be taken for an alias and refused: a file like that is no configuration.
        let scalar = candidates.lazy.compactMap(Unicode.Scalar.init).first { !present.contains($0.value) } ?? "\u{F8FF}"
        marker = scalar
        // Scalar by scalar, not by Character: `*` followed by a combining mark is one
        // Character but still an alias to the YAML parser.
        var view = String.UnicodeScalarView()
        view.append(contentsOf: original.unicodeScalars.lazy.map { $0 == "*" ? scalar : $0 })
        text = String(view)
    }

    /// True for a scalar that was an alias: only an alias starts a plain scalar with `*`.
    func isAlias(_ scalar: Node.Scalar) -> Bool {
        scalar.style == .plain && scalar.string.unicodeScalars.first == marker
    }

    /// Text taken from the defanged document (an error's quoted key) as the original has it.
    func original(_ shown: String) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: shown.unicodeScalars.lazy.map { $0 == marker ? "*" : $0 })
        return String(view)
    }
}
