/// Moving the selection and scrolling, always within bounds.
extension DashboardState {
    /// Rows a panel's body shows.
    func pageHeight(_ panel: Panel) -> Int { max(1, layout.panel(panel).body.height) }

    /// Moves the focused panel's selection by `delta` rows (clamped).
    mutating func moveCursor(by delta: Int) {
        switch focus {
        case .images: imageCursor += delta
        case .matrix: nodeCursor += delta
        }
        clampAllScrolling()
    }

    /// Moves the selection to the first (`toEnd` false) or last row.
    mutating func moveCursorToEdge(toEnd: Bool) {
        switch focus {
        case .images: imageCursor = toEnd ? imageLinePositions.count - 1 : 0
        case .matrix:
            nodeCursor = toEnd ? visibleNodes.count - 1 : 0
            if !toEnd { columnScroll = 0 }
        }
        clampAllScrolling()
    }

    /// Scrolls the matrix sideways by `delta` image columns.
    mutating func scrollColumns(by delta: Int) {
        columnScroll += delta
        clampAllScrolling()
    }

    /// Scrolls the open overlay by `delta` lines.
    mutating func scrollOverlay(by delta: Int) {
        overlayScroll += delta
        clampOverlayScroll()
    }

    mutating func clampOverlayScroll() {
        let visible = max(1, layout.overlayBox.height - 2)
        let maxScroll = max(0, OverlayContent.lineCount(self) - visible)
        overlayScroll = min(max(0, overlayScroll), maxScroll)
    }

    /// Keeps cursors on rows, the selected rows on screen and scroll positions in range.
    /// On the too-small screen the panels are not shown: scroll positions are left as they
    /// were, so that a passing tiny size cannot leave them stuck.
    mutating func clampAllScrolling() {
        imageCursor = min(max(0, imageCursor), max(0, imageLinePositions.count - 1))
        nodeCursor = min(max(0, nodeCursor), max(0, visibleNodes.count - 1))
        let layout = self.layout
        guard !layout.isTooSmall else { return }

        let imageHeight = max(1, layout.images.body.height)
        if let line = imageLinePositions.indices.contains(imageCursor) ? imageLinePositions[imageCursor] : nil {
            if line <= imageScroll {
                // Show the type heading just above the first image of a group.
                if line > 0, case .group = imageLines[line - 1] { imageScroll = line - 1 } else { imageScroll = line }
            }
            if line >= imageScroll + imageHeight { imageScroll = line - imageHeight + 1 }
        }
        imageScroll = min(max(0, imageScroll), max(0, imageLines.count - imageHeight))

        let nodeHeight = max(1, layout.matrix.body.height)
        if nodeCursor < nodeScroll { nodeScroll = nodeCursor }
        if nodeCursor >= nodeScroll + nodeHeight { nodeScroll = nodeCursor - nodeHeight + 1 }
        nodeScroll = min(max(0, nodeScroll), max(0, visibleNodes.count - nodeHeight))

        if let prepared {
            let maxColumn = MatrixGeometry.maxColumnScroll(prepared: prepared, body: layout.matrix.body)
            columnScroll = min(max(0, columnScroll), maxColumn)
        } else {
            columnScroll = 0
        }
        if overlay != nil { clampOverlayScroll() }
    }
}
