import NubladaEngine

/// Glyph, role and words for each prepull cell state.
enum MatrixCellStyle {
    @inline(__always)
    static func glyph(_ cell: PrepullCell, glyphs: Glyphs) -> (Character, ThemeRole) {
        switch cell {
        case .cached: return (glyphs.cached, .cached)
        case .missing: return (glyphs.missing, .missing)
        case .notRequired: return (glyphs.notRequired, .notRequired)
        case .unknown: return (glyphs.unknown, .unknown)
        }
    }

    static func describe(_ cell: PrepullCell, glyphs: Glyphs) -> (Character, ThemeRole, String) {
        let (glyph, role) = glyph(cell, glyphs: glyphs)
        let words: String
        switch cell {
        case .cached: words = "cached"
        case .missing: words = "missing"
        case .notRequired: words = "not required (node not eligible)"
        case .unknown: words = "unknown (image list may be truncated)"
        }
        return (glyph, role, words)
    }
}
