import NubladaEngine

/// Glyph, role and words for each prepull cell state: what the node reports, unless a prepull
/// pod is at work on the cell (the engine leaves no pull state on a cached cell: cached wins).
enum MatrixCellStyle {
    @inline(__always)
    static func glyph(_ cell: PrepullCell, pull: PullState? = nil, glyphs: Glyphs) -> (Character, ThemeRole) {
        switch pull {
        case .pulling: return (glyphs.pulling, .pulling)
        case .failing: return (glyphs.failing, .failing)
        case .stuck: return (glyphs.stuck, .stuck)
        case nil: break
        }
        switch cell {
        case .cached: return (glyphs.cached, .cached)
        case .missing: return (glyphs.missing, .missing)
        case .notRequired: return (glyphs.notRequired, .notRequired)
        case .unknown: return (glyphs.unknown, .unknown)
        }
    }

    static func describe(_ cell: PrepullCell, pull: PullState? = nil, glyphs: Glyphs) -> (Character, ThemeRole, String) {
        let (glyph, role) = glyph(cell, pull: pull, glyphs: glyphs)
        let words: String
        switch (pull, cell) {
        case (.pulling?, _): words = "pulling (a prepull pod is at work)"
        case (.failing?, _): words = "failing (the prepull pod waits in a pull error)"
        case (.stuck?, _): words = "stuck (the prepull pod is older than prepullTimeout)"
        case (nil, .cached): words = "cached"
        case (nil, .missing): words = "missing"
        case (nil, .notRequired): words = "not required (node not eligible)"
        case (nil, .unknown): words = "unknown (image list may be truncated)"
        }
        return (glyph, role, words)
    }
}
