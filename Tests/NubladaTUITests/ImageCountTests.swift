import NubladaEngine
import Testing
@testable import NubladaTUI

/// The image panel's position note counts images, never the type headings between them
/// (issue 8, defect 12: "1-25 of 60" for 53 images; a filter matching 4 images said 6).
@Suite struct ImageCountTests {
    func note(_ state: DashboardState) -> String {
        ImagePanelView.positionNote(state, bodyHeight: state.layout.images.body.height)
    }

    @Test func scrolledListCountsImagesOnly() {
        let state = Fixtures.loadedState(cols: 80, rows: 24)
        let images = state.data!.images.count
        // 13 images in 6 groups; the body shows 10 lines: 3 headings and 7 images.
        #expect(state.imageLines.count == images + 6)
        #expect(note(state) == "1-7 of \(images)")
        #expect(render(state).text.contains(" 1-7 of \(images) "))
    }

    @Test func scrolledToTheEndCountsTheLastImages() {
        var state = Fixtures.loadedState(cols: 80, rows: 24)
        _ = update(&state, .key(.end))
        let images = state.data!.images.count
        let shown = state.imageLinePositions.filter { $0 >= state.imageScroll }.count
        #expect(note(state) == "\(images - shown + 1)-\(images) of \(images)")
    }

    @Test func filterCountsTheMatchingImages() {
        var state = Fixtures.loadedState(cols: 100, rows: 30)
        _ = update(&state, .key(.character("/")))
        for character in "w_2077" { _ = update(&state, .key(.character(character))) }
        let matching = state.data!.images.filter { $0.tag.contains("w_2077") || $0.displayName.lowercased().contains("w_2077")
            || ($0.aliasTarget ?? "").contains("w_2077") }.count
        #expect(state.imageLinePositions.count == matching)
        #expect(state.imageLines.count > matching)
        #expect(note(state) == "\(matching)")
    }
}
