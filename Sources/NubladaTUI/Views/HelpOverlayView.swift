/// The `?` overlay: where the configuration came from, keys, and the legend of glyphs and markers.
enum HelpOverlayView {
    static func lines(glyphs: Glyphs, configurationSource: String? = nil) -> [StyledLine] {
        func key(_ keys: String, _ what: String) -> StyledLine {
            StyledLine([.init(text: "  " + keys.padded(toWidth: 20), role: .key), .init(text: what, role: .text)])
        }
        func legend(_ glyph: String, _ role: ThemeRole, _ what: String) -> StyledLine {
            StyledLine([.init(text: "  "), .init(text: glyph.padded(toWidth: 4), role: role), .init(text: what)])
        }
        let source: [StyledLine] = configurationSource.map {
            [StyledLine("Configuration", role: .group),
             StyledLine([.init(text: "  read from ", role: .dim), .init(text: $0, role: .text)]), StyledLine()]
        } ?? []
        return source + [
            StyledLine("Keys", role: .group),
            key("tab", "switch panel (images / prepull matrix)"),
            key("arrows, hjkl", "move; left/right scroll the matrix columns"),
            key("PgUp PgDn Home End", "page, first, last"),
            key("enter", "details of the selected image or node (Esc closes)"),
            key("/", "filter images and nodes by text (Enter keeps, Esc clears)"),
            key("s", "sort nodes: by name / by missing images"),
            key("t", "next theme"),
            key("p", "pause / resume automatic refresh"),
            key("u, ctrl-r", "refresh now (queued while one runs)"),
            key("ctrl-l", "redraw the screen"),
            key("e", "the last refresh error in full (also a click on the status line)"),
            key("?", "this help (any key closes)"),
            key("q, ctrl-c", "quit"),
            key("mouse", "wheel scrolls, click selects"),
            StyledLine(),
            StyledLine("Prepull matrix", role: .group),
            legend(String(glyphs.cached), .cached, "cached on the node"),
            legend(String(glyphs.missing), .missing, "missing on an eligible node"),
            legend(String(glyphs.notRequired), .notRequired, "not required: node not eligible (tainted)"),
            legend(String(glyphs.unknown), .unknown, "unknown: node lists 50 images, more may be cached"),
            legend(String(glyphs.pulling), .pulling, "pulling: a prepull pod is at work"),
            legend(String(glyphs.failing), .failing, "failing: the prepull pod waits in a pull error"),
            legend(String(glyphs.stuck), .stuck, "stuck: the prepull pod is older than prepullTimeout"),
            StyledLine(),
            StyledLine("Image markers", role: .group),
            legend(String(glyphs.recommended), .recommended, "the recommended image"),
            legend(String(glyphs.pinned), .pinned, "pinned (always prepulled)"),
            legend(String(glyphs.prepull), .prepull, "in the prepull set"),
            legend("n/N", .ok, "eligible nodes caching the image, of all eligible nodes"),
            legend("in use", .text, "lab pods running the image (\(glyphs.warning): outside the prepull set)"),
            StyledLine(),
            StyledLine("A panel where the filter matches nothing shows everything.", role: .dim),
        ]
    }
}
