/// What each key does, by mode: filter prompt, help, detail overlay, panels.
extension DashboardState {
    mutating func handleKey(_ key: Key) -> [DashboardEffect] {
        if key == .control("c") { return [.quit] }
        if layout.isTooSmall { return handleTooSmallKey(key) }
        if isEditingFilter { return handleFilterKey(key) }
        if overlay == .help {
            if key == .character("q") { return [.quit] }
            overlay = nil
            return []
        }
        if let effects = handleGlobalKey(key) { return effects }
        if overlay != nil { return handleOverlayKey(key) }
        return handlePanelKey(key)
    }

    /// The too-small screen shows nothing but "q quits": keep that promise whatever is open
    /// (filter prompt, overlay), and let no other key change what cannot be seen.
    private func handleTooSmallKey(_ key: Key) -> [DashboardEffect] {
        switch key {
        case .character("q"): return [.quit]
        case .control("l"): return [.repaint]
        default: return []
        }
    }

    /// Keys that work everywhere but in the filter prompt and help; nil when `key` is not one.
    private mutating func handleGlobalKey(_ key: Key) -> [DashboardEffect]? {
        switch key {
        case .character("q"): return [.quit]
        case .character("?"):
            overlay = .help
            overlayScroll = 0
            return []
        case .character("t"):
            let names = ThemeLoader.shippedNames
            let next = names[((names.firstIndex(of: themeName) ?? -1) + 1) % names.count]
            themeName = next
            return [.applyTheme(next)]
        case .character("p"):
            refresh.paused.toggle()
            showNotice(refresh.paused ? "auto-refresh paused (p resumes)" : "auto-refresh resumed", isProblem: false,
                       seconds: 4)
            return []
        case .character("u"), .control("r"):
            if refresh.inFlight { showNotice("update queued: \(inFlightReason)", isProblem: false, seconds: 4) }
            return updateNow()
        case .control("l"):
            return [.repaint]
        case .character("e"):
            openRefreshError()
            return []
        case .character("s"):
            nodeSort = nodeSort.next
            refilter()
            showNotice("nodes sorted by \(nodeSort == .name ? "name" : "missing images")", isProblem: false, seconds: 3)
            return []
        default:
            return nil
        }
    }

    private mutating func handleFilterKey(_ key: Key) -> [DashboardEffect] {
        switch key {
        case .character(let character):
            filter.append(character)
        case .backspace, .delete:
            if !filter.isEmpty { filter.removeLast() }
        case .control("u"):
            filter = ""
        case .enter:
            isEditingFilter = false
            return []
        case .escape:
            filter = ""
            isEditingFilter = false
        case .up, .down, .pageUp, .pageDown:
            return handlePanelKey(key)
        case .control("l"):
            return [.repaint]
        default:
            return []
        }
        refilter()
        return []
    }

    private mutating func handleOverlayKey(_ key: Key) -> [DashboardEffect] {
        let page = max(1, layout.overlayBox.height - 3)
        if key == .enter, case .imageDetail(let tag) = overlay, let data,
           data.images.contains(where: { $0.tag == tag && $0.digest == nil }), resolvedDigests[tag] == nil {
            // A tag whose digest was never fetched: look it up now (once per refresh).
            resolvedDigests[tag] = .pending
            return [.resolveDigest(tag: tag)]
        }
        switch key {
        case .escape, .enter, .backspace, .character("h"), .left: overlay = nil
        case .up, .character("k"): scrollOverlay(by: -1)
        case .down, .character("j"): scrollOverlay(by: 1)
        case .pageUp: scrollOverlay(by: -page)
        case .pageDown, .character(" "): scrollOverlay(by: page)
        case .home, .character("g"): scrollOverlay(by: -Int.max / 2)
        case .end, .character("G"): scrollOverlay(by: Int.max / 2)
        default: break
        }
        return []
    }

    private mutating func handlePanelKey(_ key: Key) -> [DashboardEffect] {
        let page = max(1, pageHeight(focus) - 1)
        switch key {
        case .tab, .backTab: focus = focus == .images ? .matrix : .images
        case .up, .character("k"): moveCursor(by: -1)
        case .down, .character("j"): moveCursor(by: 1)
        case .left, .character("h"): if focus == .matrix { scrollColumns(by: -1) }
        case .right, .character("l"): if focus == .matrix { scrollColumns(by: 1) }
        case .pageUp: moveCursor(by: -page)
        case .pageDown, .character(" "): moveCursor(by: page)
        case .home, .character("g"): moveCursorToEdge(toEnd: false)
        case .end, .character("G"): moveCursorToEdge(toEnd: true)
        case .character("/"): isEditingFilter = true
        case .escape: if !filter.isEmpty { filter = ""; refilter() }
        case .enter: openDetail()
        default: break
        }
        return []
    }

    /// Opens the detail of the focused panel's selected row.
    mutating func openDetail() {
        guard let data else { return }
        switch focus {
        case .images:
            if let index = selectedImageIndex { overlay = .imageDetail(tag: data.images[index].tag) }
        case .matrix:
            if let index = selectedNodeIndex { overlay = .nodeDetail(name: data.nodes[index].name) }
        }
        overlayScroll = 0
    }

    /// Opens the last refresh error in full, or says there is none.
    mutating func openRefreshError() {
        guard refresh.lastFailure != nil else {
            showNotice("no refresh error to show", isProblem: false, seconds: 3)
            return
        }
        overlay = .refreshError
        overlayScroll = 0
    }
}
