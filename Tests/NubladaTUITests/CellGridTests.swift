import Testing
@testable import NubladaTUI

/// The cell grid: clipping, wide graphemes, ellipsis, text extraction.
@Suite struct CellGridTests {
    @Test func writesAndClipsAtTheEdge() {
        var grid = CellGrid(cols: 10, rows: 2)
        #expect(grid.write("hello world", x: 2, y: 0) == 8)
        #expect(grid.text(ofRow: 0) == "  hello wo")
        #expect(grid.write("abcdef", x: 0, y: 1, maxWidth: 4, ellipsis: "…") == 4)
        #expect(grid.text(ofRow: 1) == "abc…")
        #expect(grid.write("x", x: 0, y: 5) == 0)
        #expect(grid.write("x", x: 12, y: 0) == 0)
    }

    @Test func wideGraphemesTakeTwoCells() {
        var grid = CellGrid(cols: 6, rows: 1)
        #expect(grid.write("日本x", x: 0, y: 0) == 5)
        #expect(grid[0, 0].width == 2 && grid[1, 0].isWideTail)
        #expect(grid.text == "日本x\n")
        // Overwriting the tail blanks the lead.
        grid.put("a", x: 1, y: 0, role: .text)
        #expect(grid.text == " a本x\n")
        // A wide glyph that does not fit at the right edge becomes a space.
        grid.put("語", x: 5, y: 0, role: .text)
        #expect(grid[5, 0].glyph == " ")
    }

    @Test func combiningSequencesStayOneGrapheme() {
        var grid = CellGrid(cols: 4, rows: 1)
        #expect(grid.write("e\u{301}x", x: 0, y: 0) == 2)
        #expect(grid[0, 0].glyph == "é")
    }

    @Test func controlCharactersAreReplaced() {
        var grid = CellGrid(cols: 4, rows: 1)
        grid.write("a\tb\u{1b}", x: 0, y: 0)
        #expect(grid.text == "a?b?\n")
        // C1 (an 8-bit CSI), DEL, a line separator and the bidirectional controls: what
        // MessageText escapes in printed text is a `?` on the screen.
        var wide = CellGrid(cols: 9, rows: 1)
        wide.write("x\u{9B}\u{7F}\u{2028}\u{202E}\u{2066}\u{200F}é\u{202C}", x: 0, y: 0)
        #expect(wide.text == "x??????é?\n")
    }

    @Test func truncation() {
        #expect("abcdef".truncated(toWidth: 4) == "abc…")
        #expect("abc".truncated(toWidth: 4) == "abc")
        #expect("gke-pool-node-1234".truncatedKeepingEnd(toWidth: 8) == "…de-1234")
        #expect("日本語".truncated(toWidth: 4) == "日…")
        #expect(TextWidth.of("日本x") == 5)
        #expect(TextWidth.of("●○·★→") == 5)
    }
}
