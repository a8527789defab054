/// Wheel scrolling and click-to-select.
extension DashboardState {
    static let wheelStep = 3

    mutating func handleMouse(_ event: MouseEvent) -> [DashboardEffect] {
        let layout = self.layout
        guard !layout.isTooSmall else { return [] }
        if overlay != nil {
            switch event.kind {
            case .wheelUp: scrollOverlay(by: -DashboardState.wheelStep)
            case .wheelDown: scrollOverlay(by: DashboardState.wheelStep)
            case .click: if !layout.overlayBox.contains(x: event.x, y: event.y) { overlay = nil }
            }
            return []
        }
        if event.kind == .click, layout.status.contains(x: event.x, y: event.y), refresh.lastFailure != nil {
            openRefreshError()
            return []
        }
        guard let panel = [Panel.images, .matrix].first(where: {
            layout.panel($0).frame.contains(x: event.x, y: event.y)
        }) else { return [] }
        focus = panel
        switch event.kind {
        case .wheelUp: moveCursor(by: -DashboardState.wheelStep)
        case .wheelDown: moveCursor(by: DashboardState.wheelStep)
        case .click: select(row: event.y - layout.panel(panel).body.y, in: panel)
        }
        return []
    }

    /// Selects the body row `row` of `panel` (an image heading selects the image below it).
    private mutating func select(row: Int, in panel: Panel) {
        guard row >= 0, row < layout.panel(panel).body.height else { return }
        switch panel {
        case .images:
            let line = imageScroll + row
            if let cursor = imageLinePositions.firstIndex(where: { $0 >= line }) { imageCursor = cursor }
        case .matrix:
            let position = nodeScroll + row
            if position < visibleNodes.count { nodeCursor = position }
        }
        clampAllScrolling()
    }
}
