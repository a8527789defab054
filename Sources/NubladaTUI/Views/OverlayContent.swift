/// The lines of whichever overlay is open (help, image or node detail).
enum OverlayContent {
    static func title(_ state: DashboardState) -> String {
        switch state.overlay {
        case .help: return "Help"
        case .imageDetail(let tag): return "Image \(tag)"
        case .nodeDetail(let name): return "Node \(name)"
        case .refreshError: return "Last refresh error"
        case nil: return ""
        }
    }

    /// The overlay's lines, wrapped to the overlay box.
    static func lines(_ state: DashboardState) -> [StyledLine] {
        let width = OverlayView.textWidth(state.layout.overlayBox)
        return rawLines(state).flatMap { $0.wrapped(toWidth: width) }
    }

    private static func rawLines(_ state: DashboardState) -> [StyledLine] {
        switch state.overlay {
        case .help: return HelpOverlayView.lines(glyphs: state.glyphs, configurationSource: state.configurationSource)
        case .imageDetail(let tag): return ImageDetailView.lines(state, tag: tag)
        case .nodeDetail(let name): return NodeDetailView.lines(state, name: name)
        case .refreshError: return RefreshErrorView.lines(state)
        case nil: return []
        }
    }

    static func lineCount(_ state: DashboardState) -> Int { lines(state).count }

    /// `Label         value` with the label in `dim`.
    static func field(_ label: String, _ value: String, role: ThemeRole = .text) -> StyledLine {
        StyledLine([.init(text: label.padded(toWidth: 15), role: .dim), .init(text: value, role: role)])
    }
}
