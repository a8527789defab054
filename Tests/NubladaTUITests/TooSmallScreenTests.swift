import NubladaEngine
import Testing
@testable import NubladaTUI

/// The too-small screen and passing through it (issue 8, defects 9 and 10).
@Suite struct TooSmallScreenTests {
    func press(_ state: inout DashboardState, _ keys: Key...) -> [DashboardEffect] {
        keys.flatMap { update(&state, .key($0)) }
    }

    /// `/ r2`, resize to 30×8, `q`: the screen promises "q quits", so it quits, and no key
    /// reaches the hidden prompt.
    @Test func qQuitsFromTheTooSmallScreenWithTheFilterPromptOpen() {
        var state = Fixtures.loadedState(cols: 80, rows: 24)
        _ = press(&state, .character("/"), .character("r"), .character("2"))
        _ = update(&state, .resize(cols: 30, rows: 8))
        #expect(render(state).text.contains("q quits"))
        #expect(press(&state, .character("j"), .character("q")) == [.quit])
        #expect(state.filter == "r2")
    }

    @Test(arguments: [Overlay.help, .refreshError])
    func qQuitsFromTheTooSmallScreenWithAnOverlayOpen(overlay: Overlay) {
        var state = Fixtures.loadedState(cols: 80, rows: 24)
        state.overlay = overlay
        _ = update(&state, .resize(cols: 30, rows: 8))
        #expect(press(&state, .escape) == [])
        #expect(state.overlay == overlay)
        #expect(press(&state, .character("q")) == [.quit])
    }

    /// 80×24 → 20×5 → 80×24 left the first heading hidden ("2-10 of 60"), and Home could not
    /// bring it back.
    @Test func aTinyResizeLeavesTheScrollWhereItWas() {
        var state = Fixtures.loadedState(cols: 80, rows: 24)
        let before = render(state).text
        _ = update(&state, .resize(cols: 20, rows: 5))
        _ = update(&state, .resize(cols: 80, rows: 24))
        #expect(state.imageScroll == 0)
        #expect(state.nodeScroll == 0)
        #expect(render(state).text == before)
    }

    @Test func homeAndUpShowTheHeadingAboveTheFirstImage() {
        var state = Fixtures.loadedState(cols: 80, rows: 24)
        // A scroll position that hides the first heading with the first image selected.
        state.imageScroll = 1
        _ = press(&state, .home)
        #expect(state.imageScroll == 0)
        state.imageScroll = 1
        _ = press(&state, .up)
        #expect(state.imageScroll == 0)
        #expect(render(state).text.split(separator: "\n")[3].hasPrefix(" Alias ("))
    }
}
