import NubladaEngine
import Testing
@testable import NubladaTUI

/// The cluster's activity on screen (issue 10): matrix cell states, header counts, the status
/// line's warning, the in-use column, the detail views and the one-time permission notice.
@Suite struct ActivityViewTests {
    static let prefix = Fixtures.prefix

    static func state(cols: Int = 100, rows: Int = 30, pods: [LabPod] = Fixtures.activityPods(), ascii: Bool = false)
        -> DashboardState {
        Fixtures.loadedState(cols: cols, rows: rows, activity: Fixtures.activity(pods), ascii: ascii)
    }

    @Test("each cell state with and without a pull maps to its glyph and role", arguments: [false, true])
    func cellMapping(ascii: Bool) {
        let glyphs = Glyphs.forMode(ascii: ascii)
        let base: [(PrepullCell, Character, ThemeRole)] = [
            (.cached, glyphs.cached, .cached), (.missing, glyphs.missing, .missing),
            (.notRequired, glyphs.notRequired, .notRequired), (.unknown, glyphs.unknown, .unknown),
        ]
        for (cell, glyph, role) in base {
            #expect(MatrixCellStyle.glyph(cell, glyphs: glyphs) == (glyph, role))
            // A pod at work shows whatever the node reports (the engine leaves none on a cached cell).
            #expect(MatrixCellStyle.glyph(cell, pull: .pulling, glyphs: glyphs) == (glyphs.pulling, .pulling))
            #expect(MatrixCellStyle.glyph(cell, pull: .failing, glyphs: glyphs) == (glyphs.failing, .failing))
            #expect(MatrixCellStyle.glyph(cell, pull: .stuck, glyphs: glyphs) == (glyphs.stuck, .stuck))
        }
        let all = [glyphs.cached, glyphs.missing, glyphs.notRequired, glyphs.unknown, glyphs.pulling, glyphs.failing, glyphs.stuck]
        #expect(Set(all).count == all.count, "two states share a glyph")
        #expect(ascii == all.allSatisfy(\.isASCII))
        #expect(MatrixCellStyle.describe(.missing, pull: .stuck, glyphs: glyphs).2.hasPrefix("stuck"))
    }

    /// The glyph and role drawn in the matrix for a node (without the prefix) and column tag.
    static func matrixCell(_ state: DashboardState, node: String, tag: String) -> Cell? {
        let grid = render(state)
        let layout = state.layout
        guard let row = state.visibleNodes.firstIndex(where: { state.data!.nodes[$0].name == prefix + node }),
              let column = state.data!.columns.firstIndex(where: { $0.tag == tag }) else { return nil }
        let geometry = MatrixGeometry(prepared: state.prepared!, body: layout.matrix.body, columnScroll: state.columnScroll)
        guard let offset = geometry.visibleColumns.firstIndex(of: column) else { return nil }
        let x = geometry.columnX[offset - geometry.visibleColumns.lowerBound] + (state.prepared!.columns[column].width - 1) / 2
        return grid[x, layout.matrix.body.y + row - state.nodeScroll]
    }

    @Test("the matrix shows pulling, failing and stuck cells; cached wins; another namespace's pod is no pull",
          arguments: [false, true])
    func matrixCells(ascii: Bool) throws {
        let state = Self.state(cols: 250, rows: 70, ascii: ascii)
        let glyphs = Glyphs.forMode(ascii: ascii)
        let expected: [(String, String, Character, ThemeRole)] = [
            ("7f3a9c2e-m0zz", "w_2077_43", glyphs.pulling, .pulling),
            ("7f3a9c2e-hx4q", "r28_0_1", glyphs.failing, .failing),
            ("7f3a9c2e-aaaa", "d_2077_10_27", glyphs.failing, .failing),
            ("7f3a9c2e-m0zz", "d_2077_10_28", glyphs.stuck, .stuck),
            ("7f3a9c2e-b2kd", "r29_0_0", glyphs.cached, .cached),
            ("7f3a9c2e-c9w1", "d_2077_10_26", glyphs.cached, .cached),
            ("7f3a9c2e-m0zz", "w_2077_42", glyphs.missing, .missing),
        ]
        for (node, tag, glyph, role) in expected {
            let cell = try #require(Self.matrixCell(state, node: node, tag: tag), "\(node) \(tag)")
            #expect(cell.glyph == glyph && cell.role == role, "\(node) \(tag): \(cell.glyph) \(cell.role)")
        }
    }

    @Test("the header counts cached cells of eligible nodes and only the pull states that have any")
    func headerCounts() {
        let data = Fixtures.data()
        let cached = data.columns.reduce(0) { $0 + $1.cachedCount }
        #expect(data.columns.reduce(0) { $0 + $1.eligibleCount } == 42)
        #expect(HeaderView.convergence(Self.state()) == "prepull \(cached)/42 cached · 1 pulling · 2 failing · 1 stuck")
        #expect(HeaderView.convergence(Self.state(ascii: true)) == "prepull \(cached)/42 cached | 1 pulling | 2 failing | 1 stuck")
        let onlyPulling = Fixtures.activityPods().filter { $0.category == .lab || $0.name == "prepull-w_2077_43-7f3a9c2e-m0zz" }
        #expect(HeaderView.convergence(Self.state(pods: onlyPulling)) == "prepull \(cached)/42 cached · 1 pulling")
        #expect(HeaderView.convergence(Fixtures.loadedState(cols: 100, rows: 30)) == "prepull \(cached)/42 cached")
        #expect(render(Self.state(cols: 250, rows: 70)).text(ofRow: 0).contains(" idfprod · prepull \(cached)/42 cached · 1 pulling · 2 failing · 1 stuck · "))
    }

    @Test("the warning names the most urgent pull (stuck, then failing, oldest first), its node, tag and message")
    func warningText() throws {
        let glyphs = Glyphs.unicode
        let picture = Fixtures.picture()
        func warning(_ pods: [LabPod]) -> PullWarning? {
            PullWarning(ClusterActivity(picture: picture, pods: pods, now: Fixtures.refreshedAt), nodePrefix: Self.prefix)
        }
        let all = try #require(warning(Fixtures.activityPods()))
        #expect(all.text(glyphs: glyphs) == "⚠ d_2077_10_28 stuck on 7f3a9c2e-m0zz: ContainerCreating (+2 more)")
        let failing = Fixtures.activityPods().filter { $0.waitingReason != "ContainerCreating" }
        #expect(warning(failing)?.text(glyphs: glyphs)
            == "⚠ r28_0_1 failing on 7f3a9c2e-hx4q: ErrImagePull: rpc error: code = NotFound desc = failed to pull and unpack image: not found (+1 more)")
        #expect(warning(Fixtures.activityPods().filter { $0.name == "prepull-w_2077_43-7f3a9c2e-m0zz" }) == nil)
        #expect(warning([]) == nil)
        // The kubelet's message on one line, its control characters escaped.
        let hostile = Fixtures.prepullPod("7f3a9c2e-hx4q", "r28_0_1", minutesAgo: 1, reason: "ErrImagePull",
                                          message: "line one\n  line\u{1B}[31m two\r\n")
        #expect(warning([hostile])?.text(glyphs: .ascii) == "! r28_0_1 failing on 7f3a9c2e-hx4q: ErrImagePull: line one line\\u{1B}[31m two")
    }

    @Test("the status line carries the warning in the warning role")
    func statusLineWarning() {
        let state = Self.state()
        let line = StatusLineView.line(state)
        let run = line.runs.first { $0.text.contains("stuck on 7f3a9c2e-m0zz") }
        #expect(run?.role == .warning)
        #expect(render(state).text(ofRow: 29).contains("⚠ d_2077_10_28 stuck on 7f3a9c2e-m0zz: ContainerCreating (+2 more)"))
        #expect(!StatusLineView.line(Fixtures.loadedState(cols: 100, rows: 30)).runs.contains { $0.role == .warning })
    }

    @Test("in use counts lab pods per image by digest or tag; an image outside the prepull set is marked")
    func inUseColumn() throws {
        let state = Self.state(cols: 250, rows: 70)
        let activity = try #require(state.prepared?.activity)
        let data = state.data!
        func texts(_ tag: String) -> (String, Bool) {
            let index = data.images.firstIndex { $0.tag == tag }!
            return (activity.inUseTexts[index], activity.inUseOutsidePrepullSet.contains(index))
        }
        #expect(texts("recommended") == ("2", false))
        #expect(texts("latest_weekly") == ("2", false))
        #expect(texts("w_2077_43") == ("2", false))
        #expect(texts("r29_0_0") == ("1", false))
        #expect(texts("w_2077_41") == ("⚠ 1", true))
        #expect(texts("w_2077_42") == ("0", false))
        let screen = render(state)
        let row = (0..<70).first { screen.text(ofRow: $0).contains("w_2077_41 ") }!
        let text = screen.text(ofRow: row)
        #expect(text.contains("0/6    ⚠ 1 "))
        let markX = Array(text).firstIndex(of: "⚠")!
        #expect(screen[markX, row].role == .warning && screen[markX + 2, row].role == .warning)
        // No pods read: no column.
        #expect(!render(Fixtures.loadedState(cols: 250, rows: 70)).text.contains("in use"))
    }

    @Test("the image detail lists users and nodes and says why an image outside the prepull set matters")
    func imageDetail() {
        var state = Self.state()
        let lines = ActivityDetailView.imageLines(state, image: state.data!.images.first { $0.tag == "w_2077_41" }!)
            .map(\.plainText)
        #expect(lines.contains("In use         1 lab pod of 1 user on 1 node"))
        #expect(lines.contains("Users          nublado-cat"))
        #expect(lines.contains("Nodes          \(Self.prefix)91bd44a0-gpu1"))
        #expect(lines.last?.contains("removing it from the registry would break these users' next spawn") == true)
        let recommended = ActivityDetailView.imageLines(state, image: state.data!.images[0]).map(\.plainText)
        #expect(recommended.contains("Users          nublado-ann, nublado-bob"))
        #expect(!recommended.contains { $0.contains("removing it") })
        _ = update(&state, .refreshFinished(.success(Fixtures.data(), activity: .error("forbidden: no pods"))))
        #expect(ActivityDetailView.imageLines(state, image: state.data!.images[0]).map(\.plainText)
            == ["Pods           not read: forbidden: no pods"])
    }

    @Test("the node detail lists its prepull pods and lab pods")
    func nodeDetail() {
        let state = Self.state()
        let m0zz = ActivityDetailView.nodeLines(state, node: Self.prefix + "7f3a9c2e-m0zz").map(\.plainText)
        // Ages at the state's clock, 12 seconds after the refresh.
        #expect(m0zz.contains("Prepull pods (2)"))
        #expect(m0zz.contains { $0.hasPrefix("  ! d_2077_10_28") && $0.contains("Pending") && $0.contains("25m 12s")
            && $0.hasSuffix("ContainerCreating") })
        #expect(m0zz.contains { $0.hasPrefix("  ◐ w_2077_43") && $0.contains("2m 12s") })
        #expect(m0zz.contains("Lab pods (0)"))
        let b2kd = ActivityDetailView.nodeLines(state, node: Self.prefix + "7f3a9c2e-b2kd").map(\.plainText)
        #expect(b2kd.contains { $0.hasPrefix("    r29_0_0") && $0.hasSuffix("ErrImagePull: cached anyway") })
        #expect(b2kd.contains("Lab pods (2)"))
        #expect(b2kd.contains { $0.hasPrefix("  nublado-ann") && $0.contains("recommended") && $0.hasSuffix("3h 00m") })
        #expect(b2kd.contains { $0.hasPrefix("  nublado-dan") && $0.contains("r29_0_0") && $0.hasSuffix("30m 12s") })
    }

    @Test("pods that cannot be read without a failed refresh: said once in the status line, not again")
    func forbiddenOnce() {
        let message = "forbidden: the user needs permission to list pods in all namespaces"
        var state = Fixtures.loadedState(cols: 100, rows: 30)
        _ = update(&state, .refreshFinished(.success(Fixtures.data(), activity: .error(message))))
        #expect(state.notice?.text == message && state.notice?.isProblem == true)
        #expect(render(state).text(ofRow: 29).contains(message))
        _ = update(&state, .tick(now: Fixtures.refreshedAt + 60))
        #expect(state.notice == nil)
        _ = update(&state, .refreshFinished(.success(Fixtures.data(), activity: .error(message))))
        #expect(state.notice == nil)
        #expect(state.prepared?.activity?.reading == .error(message))
        // A pod error that comes with a failed refresh is shown as that failure, not as a notice.
        var failing = Fixtures.loadedState(cols: 100, rows: 30)
        _ = update(&failing, .refreshFinished(RefreshOutcome(
            data: Fixtures.data(), activity: .error("Kubernetes: HTTP 500 listing pods"),
            failure: RefreshFailure(message: "Kubernetes: HTTP 500 listing pods", failedAt: Fixtures.refreshedAt, partial: true))))
        #expect(failing.notice == nil)
    }
}

extension StyledLine {
    /// The line's text without its styles.
    var plainText: String { runs.map(\.text).joined() }
}
