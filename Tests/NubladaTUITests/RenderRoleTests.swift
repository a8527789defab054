import NubladaEngine
import Testing
@testable import NubladaTUI

/// Cells carry meaning twice: by glyph and by colour role.
@Suite struct RenderRoleTests {
    func cells(_ grid: CellGrid, glyph: Character) -> [Cell] {
        grid.cells.filter { $0.glyph == glyph }
    }

    @Test(arguments: [false, true])
    func matrixGlyphsHaveTheirRoles(ascii: Bool) {
        var state = Fixtures.loadedState(cols: 100, rows: 30, ascii: ascii)
        _ = update(&state, .key(.tab))  // the selected node row keeps its cell roles
        let grid = render(state)
        let glyphs = Glyphs.forMode(ascii: ascii)
        let expected: [(Character, ThemeRole)] = [
            (glyphs.cached, .cached), (glyphs.missing, .missing), (glyphs.notRequired, .notRequired),
        ]
        for (glyph, role) in expected {
            let found = cells(grid, glyph: glyph).filter { $0.role == role }
            #expect(!found.isEmpty, "no \(glyph) drawn as \(role)")
        }
        #expect(grid.cells.contains { $0.role == .unknown && $0.glyph == "?" })
        if !ascii {
            #expect(cells(grid, glyph: "●").allSatisfy { $0.role == .cached })
            #expect(cells(grid, glyph: "○").allSatisfy { $0.role == .missing })
            #expect(cells(grid, glyph: "★").allSatisfy { $0.role == .recommended })
            #expect(cells(grid, glyph: "⚑").allSatisfy { $0.role == .pinned })
        } else {
            #expect(grid.cells.allSatisfy { $0.glyph.isASCII })
        }
    }

    @Test func selectedRowUsesTheSelectionRoleInTheFocusedPanelOnly() {
        var state = Fixtures.loadedState(cols: 100, rows: 30)
        let layout = state.layout
        var grid = render(state)
        let imageRow = layout.images.body.y + 1  // the first image, under its type heading
        #expect(grid[5, imageRow].role == .selection)
        let nodeRow = layout.matrix.body.y
        #expect(grid[3, nodeRow].role != .selection)
        _ = update(&state, .key(.tab))
        grid = render(state)
        #expect(grid[3, nodeRow].role == .selection)
        #expect(grid[5, imageRow].role != .selection)
    }

    @Test func staleHeaderAndErrorUseTheirRoles() {
        var state = Fixtures.loadedState(cols: 100, rows: 30)
        _ = update(&state, .refreshFinished(.failure(RefreshFailure(message: "boom", failedAt: Fixtures.refreshedAt + 20))))
        let grid = render(state)
        #expect(grid.text(ofRow: 0).hasSuffix("stale 12s"))
        #expect(grid[99, 0].role == .stale)
        #expect(grid[3, 29].role == .error)
    }

    @Test func selectedIneligibleNodeShowsItsTaintInTheStatusLine() {
        var state = Fixtures.loadedState(cols: 100, rows: 30)
        _ = update(&state, .key(.tab))
        let position = state.visibleNodes.firstIndex { !state.data!.nodes[$0].eligible }!
        for _ in 0..<position { _ = update(&state, .key(.down)) }
        let status = render(state).text(ofRow: 29)
        #expect(status.contains("91bd44a0-gpu1: Node is tainted (NoSchedule, nvidia.com/gpu = true) · 12s ago · next 18s"))
    }

    @Test func errorsAreDescribedOnOneLine() {
        struct Described: Error, CustomStringConvertible { var description: String { "GAR: 403 forbidden" } }
        #expect(RefreshFailure(Described(), failedAt: 0).message == "GAR: 403 forbidden")
    }
}
