import Foundation
import Glibc
import Testing
@testable import NubladaTUI

/// The ncurses backend, headless: `newterm("xterm-256color")` on /dev/null streams.
@Suite(.serialized) struct NcursesBackendTests {
    @Test func startsPaintsAppliesThemesAndRestores() throws {
        let output = try #require(fopen("/dev/null", "w"))
        let input = try #require(fopen("/dev/null", "r"))
        defer {
            fclose(output)
            fclose(input)
        }
        let terminal = try NcursesTerminal(termName: "xterm-256color", output: output, input: input,
                                           noColor: false, mouse: true)
        #expect(terminal.colorCapability == .palette256)
        #expect(terminal.cols > 0 && terminal.rows > 0)
        let state = Fixtures.loadedState(cols: terminal.cols, rows: terminal.rows)
        var grid = render(state)
        terminal.paint(grid)
        for name in ThemeLoader.shippedNames {
            terminal.apply(ThemeLoader.shipped(name)!)
            terminal.paint(grid)
        }
        grid.write("日本語 ●○·", x: 0, y: 0)
        terminal.paint(grid)
        terminal.forceFullRepaint()
        terminal.paint(grid)
        #expect(terminal.readInput().isEmpty)
        // Only changed cells are painted.
        terminal.paint(grid)
        #expect(terminal.lastPaintCellCount == 0)
        grid.write("x", x: 3, y: 2)
        terminal.paint(grid)
        #expect(terminal.lastPaintCellCount == 1)
        terminal.close()
        terminal.paint(grid)  // after restore: a no-op, not a crash
    }

    @Test(arguments: [("xterm", false, ColorCapability.basic8), ("xterm-256color", true, .none),
                      ("vt100", false, .none)])
    func colourCapability(term: String, noColor: Bool, expected: ColorCapability) throws {
        let output = try #require(fopen("/dev/null", "w"))
        let input = try #require(fopen("/dev/null", "r"))
        defer {
            fclose(output)
            fclose(input)
        }
        let terminal = try NcursesTerminal(termName: term, output: output, input: input, noColor: noColor, mouse: false)
        #expect(terminal.colorCapability == expected)
        terminal.apply(ThemeLoader.defaultTheme)
        terminal.paint(render(Fixtures.loadedState(cols: terminal.cols, rows: terminal.rows)))
        terminal.close()
    }

    @Test func refusesTerminalsWithoutCursorAddressing() throws {
        let output = try #require(fopen("/dev/null", "w"))
        let input = try #require(fopen("/dev/null", "r"))
        defer {
            fclose(output)
            fclose(input)
        }
        #expect(throws: TerminalError.unsupportedTerminal(term: "dumb")) {
            _ = try NcursesTerminal(termName: "dumb", output: output, input: input, noColor: false, mouse: false)
        }
        #expect(TerminalError.unsupportedTerminal(term: "dumb").description.contains("nubladash snapshot"))
    }

    @Test func colourPairCacheIsBounded() {
        var cache = ColorPairCache(capacity: 3)
        var initialised: [Int16] = []
        for foreground in Int16(0)..<10 {
            _ = cache.pair(foreground: foreground, background: -1) { pair, _, _ in initialised.append(pair) }
        }
        #expect(initialised == [1, 2, 3])
        #expect(cache.pair(foreground: 1, background: -1) { _, _, _ in } == 2)
        #expect(cache.pair(foreground: 9, background: -1) { _, _, _ in } == 0)
        #expect(cache.pair(foreground: -1, background: -1) { _, _, _ in } == 0)
    }

    @Test func keyDecoding() {
        #expect(KeyDecoder.character(18) == .control("r"))
        #expect(KeyDecoder.character(3) == .control("c"))
        #expect(KeyDecoder.character(9) == .tab)
        #expect(KeyDecoder.character(13) == .enter)
        #expect(KeyDecoder.character(27) == .escape)
        #expect(KeyDecoder.character(127) == .backspace)
        #expect(KeyDecoder.character(0x71) == .character("q"))
        #expect(KeyDecoder.character(0xE9) == .character("é"))
    }
}
