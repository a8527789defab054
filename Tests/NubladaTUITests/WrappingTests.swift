import Testing
@testable import NubladaTUI

/// Overlay text wraps at word boundaries (issue 8, defect 14: the help at 60 columns broke
/// words in the middle).
@Suite struct WrappingTests {
    /// The words of the help's descriptions, each of which must appear whole on some line.
    static func helpWords() -> Set<String> {
        var words = Set<String>()
        for line in HelpOverlayView.lines(glyphs: .unicode) {
            for word in line.runs.map(\.text).joined().split(separator: " ") where word.count > 1 {
                words.insert(String(word))
            }
        }
        return words
    }

    @Test(arguments: [60, 70, 80])
    func helpWrapsAtWordsAtNarrowWidths(cols: Int) {
        var state = Fixtures.loadedState(cols: cols, rows: 40)
        _ = update(&state, .key(.character("?")))
        let width = OverlayView.textWidth(state.layout.overlayBox)
        let wrapped = OverlayContent.lines(state)
        #expect(wrapped.allSatisfy { $0.width <= width })
        let shownWords = Set(wrapped.flatMap { $0.runs.map(\.text).joined().split(separator: " ").map(String.init) })
        let broken = Self.helpWords().subtracting(shownWords)
        #expect(broken.isEmpty, "words broken at \(cols) columns: \(broken.sorted())")
    }

    @Test func helpAt60Columns() {
        var state = Fixtures.loadedState(cols: 60, rows: 40)
        _ = update(&state, .key(.character("?")))
        GoldenFile.check(render(state).text, named: "help-60x40")
    }

    @Test func continuationKeepsRolesAndIndent() {
        let line = StyledLine([.init(text: "  key   ", role: .key), .init(text: "one two three four five six", role: .dim)])
        let wrapped = line.wrapped(toWidth: 20)
        #expect(wrapped.map { $0.runs.map(\.text).joined() } == ["  key   one two", "        three four", "        five six"])
        #expect(wrapped[1].runs.last?.role == .dim)
        #expect(wrapped[0].runs.first?.role == .key)
    }

    @Test func aWordLongerThanTheLineIsCut() {
        let wrapped = StyledLine("sha256:0123456789abcdef0123456789abcdef").wrapped(toWidth: 16)
        #expect(wrapped.allSatisfy { $0.width <= 16 })
        #expect(wrapped.map { $0.runs.map(\.text).joined() }.joined().filter { $0 != " " }
                    == "sha256:0123456789abcdef0123456789abcdef")
    }
}
