import NubladaEngine
import Testing
@testable import NubladaTUI

/// The overview (issue 11 items 3 and 4): rows, states and their order, the compare view's
/// cells, the keys, and golden screens.
@Suite struct OverviewTests {
    func names(_ state: OverviewState) -> [String] { state.order.map { state.environments[$0].name } }

    func send(_ state: inout OverviewState, _ keys: [Key]) -> [OverviewEffect] {
        keys.flatMap { updateOverview(&state, .key($0)) }
    }

    @Test(arguments: [(80, 24), (250, 70)])
    func overview(cols: Int, rows: Int) {
        GoldenFile.check(renderOverview(OverviewFixtures.state(cols: cols, rows: rows)).text, named: "overview-\(cols)x\(rows)")
    }

    @Test(arguments: [(80, 24), (250, 70)])
    func compare(cols: Int, rows: Int) {
        var state = OverviewFixtures.state(cols: cols, rows: rows)
        _ = send(&state, [.character("c")])
        #expect(state.mode == .compare)
        GoldenFile.check(renderOverview(state).text, named: "compare-\(cols)x\(rows)")
    }

    @Test func asciiOverview() {
        GoldenFile.check(renderOverview(OverviewFixtures.state(cols: 100, rows: 24, ascii: true)).text, named: "overview-ascii-100x24")
    }

    @Test("trouble first: errors, stale, then most missing; s sorts by name") func sorting() {
        var state = OverviewFixtures.state(cols: 120, rows: 30)
        #expect(names(state) == ["usdfdev", "summit", "idfprod", "idfint"])
        _ = send(&state, [.down, .character("s")])
        #expect(names(state) == ["idfint", "idfprod", "summit", "usdfdev"])
        #expect(state.selectedEnvironment.map { state.environments[$0].name } == "summit", "the selection follows its environment")
    }

    @Test("failing or stuck pulls rank an environment before the quiet ones, whatever it misses")
    func failingPullsAreTrouble() {
        let state = OverviewFixtures.state(cols: 120, rows: 30)
        let rows = state.environments.map { OverviewRow($0, now: state.now) }
        let pulls = rows[0].pulls
        #expect(pulls != nil && (pulls?.failing ?? 0) + (pulls?.stuck ?? 0) > 0)
        #expect(rows[0].troubleRank == 3)
        #expect(rows[1].pulls == nil && rows[1].troubleRank == 4)
        let line = OverviewTableView.convergence(rows[0].summary, pulls: pulls, glyphs: state.glyphs)
        let text = line.map { $0.runs.map(\.text).joined() } ?? ""
        for pullState in PullState.allCases where (pulls?[pullState] ?? 0) > 0 {
            let glyph = MatrixCellStyle.glyph(.missing, pull: pullState, glyphs: state.glyphs).0
            #expect(text.contains(" \(glyph)\(pulls?[pullState] ?? 0)"), "\(text)")
        }
    }

    @Test("each environment's state, from its own dashboard") func states() throws {
        let state = OverviewFixtures.state(cols: 120, rows: 30)
        let rows = state.environments.map { OverviewRow($0, now: state.now) }
        #expect(rows[0].health == .ok)
        #expect(rows[1].health == .ok && rows[1].summary?.isConverged == true)
        #expect(rows[2].health == .error(reason: "cannot connect to usdf-dev.slac.stanford.edu:443: connection refused"))
        let (age, reason) = try #require(bound(rows[3].health) { if case .stale(let age, let reason) = $0 { (age, reason) } else { nil } }, "summit is \(rows[3].health)")
        #expect(age == 612 && reason == "registry ts-dockerhub.lsst.org: 503 Service Unavailable")
        #expect(state.environments[3].dashboard.refresh.inFlight, "retrying, and still stale")
        #expect(rows[0].summary?.recommendedTarget == "w_2077_43")
        // 7 prepull images × 6 eligible nodes (the GPU node is tainted), 26 of those pairs cached.
        #expect(rows[0].summary.map { "\($0.cached)/\($0.required)" } == "26/42")
    }

    @Test("compare cells: prepulled, partly, not in the set, no data") func compareCells() {
        let state = OverviewFixtures.state(cols: 120, rows: 30)
        let comparison = CompareView.comparison(state)
        #expect(comparison.environments == OverviewFixtures.names)
        let rows = Dictionary(uniqueKeysWithValues: comparison.rows.map { ($0.tag, $0.cells) })
        #expect(comparison.rows.map(\.tag) == ["r29_0_0", "r28_0_1", "w_2077_43", "w_2077_42", "d_2077_10_28", "d_2077_10_27", "d_2077_10_26"])
        #expect(rows["r29_0_0"] == [.full, .full, .noData, .full])
        #expect(rows["w_2077_42"] == [.partial(cached: 4, required: 6), .notInSet, .noData, .partial(cached: 4, required: 6)])
        #expect(rows["w_2077_43"]?[1] == .full)
        #expect(comparison.recommended[2] == nil)
    }

    @Test("compare rows: an alias whose target is not in the prepull set comes first, as everywhere else")
    func compareAliasesFirst() {
        // Without weeklies in its prepull set, `recommended` (→ w_2077_43) is a column of its own.
        var prepuller = Fixtures.prepullerOptions()
        prepuller.numWeeklies = 0
        let aliased = Fixtures.data(prepuller: prepuller)
        #expect(aliased.columns.contains { $0.tag == "recommended" && $0.aliasTarget == "w_2077_43" })
        let comparison = EnvironmentComparison([("summit", aliased), ("idfprod", Fixtures.data())])
        #expect(comparison.rows.map(\.tag)
            == ["recommended", "r29_0_0", "r28_0_1", "w_2077_43", "w_2077_42", "d_2077_10_28", "d_2077_10_27", "d_2077_10_26"])
        #expect(comparison.rows.first?.cells[1] == .notInSet)
    }

    @Test("enter opens the selected environment's dashboard, esc comes back") func enterAndEscape() {
        var state = OverviewFixtures.state(cols: 120, rows: 30)
        _ = send(&state, [.down, .down, .enter])
        #expect(state.mode == .environment(0))
        #expect(renderOverview(state).text == render(state.environments[0].dashboard).text)
        _ = send(&state, [.character("?")])
        #expect(state.environments[0].dashboard.overlay == .help)
        _ = send(&state, [.escape])
        #expect(state.mode == .environment(0), "esc closes the dashboard's help first")
        _ = send(&state, [.escape])
        #expect(state.mode == .table)
        #expect(state.selectedEnvironment == 0)
    }

    @Test("number keys and :name jump directly") func jumps() {
        var state = OverviewFixtures.state(cols: 120, rows: 30)
        _ = send(&state, [.character("4")])
        #expect(state.mode == .environment(3))
        _ = send(&state, [.escape, .character(":"), .character("u"), .character("s"), .enter])
        #expect(state.mode == .environment(2), "a unique prefix")
        _ = send(&state, [.escape, .character(":"), .character("i"), .character("d"), .enter])
        #expect(state.mode == .table)
        #expect(state.notice?.text == "'id' could be idfprod, idfint")
        _ = send(&state, [.character(":"), .character("x"), .backspace, .character("idfint".first!)])
        for character in "dfint" { _ = send(&state, [.character(character)]) }
        _ = send(&state, [.enter])
        #expect(state.mode == .environment(1))
        _ = send(&state, [.escape, .character("9")])
        #expect(state.mode == .table && state.notice?.isProblem == true)
    }

    @Test("u refreshes the selected environment, U every one; while one refreshes, its update is queued") func refreshKeys() {
        var state = OverviewFixtures.state(cols: 120, rows: 30)
        // usdfdev and summit were due at the tick and are refreshing.
        _ = send(&state, [.home])
        #expect(send(&state, [.character("u")]) == [], "usdfdev is refreshing: its update waits")
        #expect(state.notice?.text == "update of usdfdev queued: a refresh is in flight")
        _ = send(&state, [.end])
        #expect(send(&state, [.character("u")]) == [.refresh(1)])
        #expect(state.notice?.text == "refreshing idfint")
        #expect(send(&state, [.character("U")]) == [.refresh(0)])
        #expect(state.notice?.text == "refreshing all 4 environments (3 queued: a refresh is in flight)")
        #expect(updateOverview(&state, .refreshFinished(environment: 2, .success(Fixtures.data()))) == [.refresh(2)],
                "the queued update starts as the running refresh ends")
        #expect(updateOverview(&state, .refreshFinished(environment: 2, .success(Fixtures.data()))) == [], "once")
        #expect(OverviewRow(state.environments[2], now: state.now).health == .ok)
        #expect(send(&state, [.character("U")]) == [.refresh(2)])
    }

    @Test("ticks drive each environment's own schedule") func ticks() {
        var state = OverviewFixtures.state(cols: 120, rows: 30)
        #expect(updateOverview(&state, .tick(now: Fixtures.refreshedAt + 20)) == [])
        #expect(updateOverview(&state, .tick(now: Fixtures.refreshedAt + 31)) == [.refresh(0), .refresh(1)])
    }
}
