import NubladaEngine
import Testing
@testable import NubladaTUI

/// Keys: panels, scrolling bounds, filter, sort, detail, pause, themes, quit.
@Suite struct UpdateKeyTests {
    func loaded(cols: Int = 100, rows: Int = 30, nodes: Int? = nil) -> DashboardState {
        let data = nodes.map { Fixtures.data(nodes: Fixtures.largeCluster(nodes: $0)) } ?? Fixtures.data()
        return Fixtures.loadedState(cols: cols, rows: rows, data: data)
    }

    @discardableResult
    func press(_ state: inout DashboardState, _ keys: Key...) -> [DashboardEffect] {
        var effects: [DashboardEffect] = []
        for key in keys { effects += update(&state, .key(key)) }
        return effects
    }

    @Test func tabSwitchesPanels() {
        var state = loaded()
        #expect(state.focus == .images)
        press(&state, .tab)
        #expect(state.focus == .matrix)
        press(&state, .tab)
        #expect(state.focus == .images)
    }

    @Test func imageCursorSkipsGroupHeadingsAndStaysInBounds() {
        var state = loaded()
        #expect(state.selectedImageIndex == 0)
        press(&state, .up, .up)
        #expect(state.imageCursor == 0)
        #expect(state.imageScroll == 0)
        press(&state, .down)
        let second = state.selectedImageIndex!
        #expect(state.data!.images[second].tag != state.data!.images[0].tag)
        press(&state, .end)
        #expect(state.imageCursor == state.imageLinePositions.count - 1)
        press(&state, .down, .pageDown)
        #expect(state.imageCursor == state.imageLinePositions.count - 1)
        let layout = state.layout
        #expect(state.imageScroll <= max(0, state.imageLines.count - layout.images.body.height))
        #expect(state.imageLinePositions[state.imageCursor] < state.imageScroll + layout.images.body.height)
        press(&state, .home)
        #expect(state.imageCursor == 0 && state.imageScroll == 0)
    }

    @Test func matrixScrollsBothWaysWithinBounds() {
        var state = loaded(cols: 80, rows: 24, nodes: 300)
        press(&state, .tab)
        press(&state, .pageDown, .pageDown)
        let height = state.layout.matrix.body.height
        #expect(state.nodeCursor == 2 * (height - 1))
        #expect(state.nodeCursor >= state.nodeScroll && state.nodeCursor < state.nodeScroll + height)
        press(&state, .end)
        #expect(state.nodeCursor == 299)
        #expect(state.nodeScroll == 300 - height)
        for _ in 0..<50 { press(&state, .right) }
        let maxColumn = MatrixGeometry.maxColumnScroll(prepared: state.prepared!, body: state.layout.matrix.body)
        #expect(maxColumn > 0)
        #expect(state.columnScroll == maxColumn)
        for _ in 0..<50 { press(&state, .character("h")) }
        #expect(state.columnScroll == 0)
        press(&state, .character("k"))
        #expect(state.nodeCursor == 298)
        press(&state, .home)
        #expect(state.nodeCursor == 0 && state.nodeScroll == 0)
    }

    @Test func filterNarrowsImagesAndNodesAndEscClears() {
        var state = loaded()
        let allImages = state.imageLinePositions.count
        press(&state, .character("/"))
        #expect(state.isEditingFilter)
        for character in "hx4q" { press(&state, .character(character)) }
        #expect(state.filter == "hx4q")
        #expect(state.visibleNodes.count == 1)
        // No image matches "hx4q": the image panel shows everything.
        #expect(state.filterMatchesNoImages)
        #expect(state.imageLinePositions.count == allImages)
        press(&state, .backspace, .backspace, .backspace, .backspace)
        for character in "W_2077_4" { press(&state, .character(character)) }
        #expect(state.imageLinePositions.count < allImages)
        #expect(state.imageLinePositions.allSatisfy { position in
            guard case .image(let index) = state.imageLines[position] else { return false }
            let row = state.data!.images[index]
            return (row.tag + row.displayName + (row.aliasTarget ?? "")).lowercased().contains("w_2077_4")
        })
        press(&state, .enter)
        #expect(!state.isEditingFilter && state.filter == "W_2077_4")
        // q typed while editing is text, not quit; after Enter it quits.
        #expect(press(&state, .character("q")) == [.quit])
        press(&state, .escape)
        #expect(state.filter.isEmpty)
        #expect(state.imageLinePositions.count == allImages)
        press(&state, .character("/"), .character("x"), .escape)
        #expect(!state.isEditingFilter && state.filter.isEmpty)
    }

    @Test func typingQInFilterDoesNotQuit() {
        var state = loaded()
        #expect(press(&state, .character("/"), .character("q")) == [])
        #expect(state.filter == "q")
        #expect(press(&state, .control("c")) == [.quit])
    }

    @Test func sortCyclesByNameAndMissing() {
        var state = loaded()
        let data = state.data!
        let byName = state.visibleNodes.map { data.nodes[$0].name }
        #expect(byName == byName.sorted())
        press(&state, .character("s"))
        #expect(state.nodeSort == .missing)
        let missing = state.visibleNodes.map { data.nodes[$0].missingCount }
        #expect(missing == missing.sorted(by: >))
        press(&state, .character("s"))
        #expect(state.nodeSort == .name)
    }

    @Test func sortKeepsTheSelectedNode() {
        var state = loaded()
        press(&state, .tab, .down, .down)
        let selected = state.selectedNodeIndex
        press(&state, .character("s"))
        #expect(state.selectedNodeIndex == selected)
    }

    @Test func enterOpensDetailAndEscCloses() throws {
        var state = loaded()
        press(&state, .enter)
        #expect(state.overlay == .imageDetail(tag: "recommended"))
        press(&state, .escape)
        #expect(state.overlay == nil)
        press(&state, .tab, .enter)
        _ = try #require(bound(state.overlay) { if case .nodeDetail = $0 { () } else { nil } },
                         "expected a node detail, got \(String(describing: state.overlay))")
        press(&state, .down, .down, .end)
        #expect(state.overlayScroll > 0)
        press(&state, .home)
        #expect(state.overlayScroll == 0)
        press(&state, .escape)
        #expect(state.overlay == nil)
    }

    @Test func helpClosesOnAnyKeyButQQuits() {
        var state = loaded()
        press(&state, .character("?"))
        #expect(state.overlay == .help)
        #expect(press(&state, .character("x")) == [])
        #expect(state.overlay == nil)
        press(&state, .character("?"))
        #expect(press(&state, .character("q")) == [.quit])
    }

    @Test func pauseStopsAutomaticRefreshButManualStillWorks() {
        var state = loaded()
        press(&state, .character("p"))
        #expect(state.refresh.paused)
        #expect(state.refreshIndicator == .paused)
        #expect(update(&state, .tick(now: Fixtures.refreshedAt + 3600)).isEmpty)
        #expect(press(&state, .character("u")) == [.requestRefresh])
        #expect(state.refresh.inFlight)
        #expect(press(&state, .control("r")) == [])
        press(&state, .character("p"))
        #expect(!state.refresh.paused)
    }

    @Test func globalKeys() {
        var state = loaded()
        #expect(press(&state, .character("q")) == [.quit])
        #expect(press(&state, .control("c")) == [.quit])
        #expect(press(&state, .control("l")) == [.repaint])
        #expect(press(&state, .character("t")) == [.applyTheme(ThemeLoader.shippedNames[1])])
        _ = update(&state, .themeApplied(name: ThemeLoader.shippedNames[1], problem: nil))
        #expect(state.themeName == ThemeLoader.shippedNames[1])
        for _ in 1..<ThemeLoader.shippedNames.count { press(&state, .character("t")) }
        #expect(state.themeName == "default")
    }

    @Test func mouseWheelAndClick() {
        var state = loaded(cols: 100, rows: 30, nodes: 100)
        let matrix = state.layout.matrix
        _ = update(&state, .mouse(MouseEvent(kind: .click, x: 10, y: matrix.body.y + 4)))
        #expect(state.focus == .matrix)
        #expect(state.nodeCursor == 4)
        _ = update(&state, .mouse(MouseEvent(kind: .wheelDown, x: 10, y: matrix.body.y)))
        #expect(state.nodeCursor == 7)
        let images = state.layout.images
        _ = update(&state, .mouse(MouseEvent(kind: .click, x: 10, y: images.body.y)))
        #expect(state.focus == .images)
        #expect(state.imageCursor == 0)
    }

    @Test func resizeClampsScrolling() {
        var state = loaded(cols: 100, rows: 30, nodes: 300)
        press(&state, .tab, .end)
        _ = update(&state, .resize(cols: 250, rows: 70))
        let height = state.layout.matrix.body.height
        #expect(state.nodeScroll == 300 - height)
        #expect(update(&state, .resize(cols: 40, rows: 10)) == [.repaint])
        #expect(render(state).text.contains("Terminal too small"))
    }

    @Test func selectionSurvivesRefresh() {
        var state = loaded()
        press(&state, .down, .down, .down)
        let tag = state.data!.images[state.selectedImageIndex!].tag
        _ = update(&state, .refreshFinished(.success(Fixtures.data(refreshedAt: Fixtures.refreshedAt + 30))))
        #expect(state.data!.images[state.selectedImageIndex!].tag == tag)
    }
}
