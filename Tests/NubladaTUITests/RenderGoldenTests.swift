import NubladaEngine
import Testing
@testable import NubladaTUI

/// The rendered screen's text at several sizes and in several modes, against golden files.
@Suite struct RenderGoldenTests {
    func screen(_ state: DashboardState) -> String { render(state).text }

    @Test(arguments: [(80, 24), (100, 30), (250, 70)])
    func dashboard(cols: Int, rows: Int) {
        GoldenFile.check(screen(Fixtures.loadedState(cols: cols, rows: rows)), named: "dashboard-\(cols)x\(rows)")
    }

    @Test func asciiDashboard() {
        GoldenFile.check(screen(Fixtures.loadedState(cols: 100, rows: 30, ascii: true)), named: "dashboard-ascii-100x30")
    }

    @Test(arguments: [(100, 30), (250, 70)])
    func largeCluster(cols: Int, rows: Int) {
        let data = Fixtures.data(nodes: Fixtures.largeCluster(nodes: 2000))
        GoldenFile.check(screen(Fixtures.loadedState(cols: cols, rows: rows, data: data)),
                         named: "cluster-2000-\(cols)x\(rows)")
    }

    @Test func largeClusterScrolledToEnd() {
        let data = Fixtures.data(nodes: Fixtures.largeCluster(nodes: 2000))
        var state = Fixtures.loadedState(cols: 80, rows: 24, data: data)
        _ = update(&state, .key(.tab))
        _ = update(&state, .key(.end))
        _ = update(&state, .key(.right))
        _ = update(&state, .key(.right))
        GoldenFile.check(screen(state), named: "cluster-2000-end-80x24")
    }

    @Test func tooSmall() {
        GoldenFile.check(screen(Fixtures.loadedState(cols: 59, rows: 15)), named: "too-small-59x15")
    }

    @Test func help() {
        var state = Fixtures.loadedState(cols: 100, rows: 30)
        _ = update(&state, .key(.character("?")))
        GoldenFile.check(screen(state), named: "help-100x30")
    }

    @Test("the help says where the configuration was read")
    func helpNamesTheConfigurationSource() {
        var state = Fixtures.loadedState(cols: 100, rows: 30,
                                         configurationSource: "ConfigMap nublado/nublado-controller-config (resourceVersion 4242)")
        _ = update(&state, .key(.character("?")))
        GoldenFile.check(screen(state), named: "help-configmap-100x30")
    }

    @Test("a followed change: the help names the configuration of the last refresh, the change is announced")
    func followedChange() {
        var state = Fixtures.loadedState(cols: 100, rows: 30, configurationSource: "ConfigMap nublado/nublado-controller-config (resourceVersion 1)")
        var outcome = RefreshOutcome.success(Fixtures.data())
        outcome.configurationSource = "ConfigMap nublado/nublado-controller-config (resourceVersion 2)"
        outcome.notice = "configuration changed: images.numWeeklies: 2 → 4"
        _ = update(&state, .key(.character("u")))
        _ = update(&state, .refreshFinished(outcome))
        #expect(state.notice?.text == "configuration changed: images.numWeeklies: 2 → 4")
        #expect(screen(state).contains("configuration changed: images.numWeeklies: 2 → 4"))
        _ = update(&state, .key(.character("?")))
        #expect(screen(state).contains("read from ConfigMap nublado/nublado-controller-config (resourceVersion 2)"))
    }

    @Test func imageDetail() {
        var state = Fixtures.loadedState(cols: 100, rows: 30)
        _ = update(&state, .key(.enter))
        #expect(state.overlay == .imageDetail(tag: "recommended"))
        GoldenFile.check(screen(state), named: "image-detail-100x30")
    }

    @Test func nodeDetailOfTruncatedNode() {
        var state = Fixtures.loadedState(cols: 100, rows: 30)
        _ = update(&state, .key(.tab))
        let position = state.visibleNodes.firstIndex { state.data!.nodes[$0].name.hasSuffix("full") }!
        _ = update(&state, .key(.home))
        for _ in 0..<position { _ = update(&state, .key(.down)) }
        _ = update(&state, .key(.enter))
        #expect(state.overlay == .nodeDetail(name: Fixtures.prefix + "91bd44a0-full"))
        GoldenFile.check(screen(state), named: "node-detail-full-100x30")
    }

    @Test func filterPrompt() {
        var state = Fixtures.loadedState(cols: 80, rows: 24)
        _ = update(&state, .key(.character("/")))
        for character in "w_2077" { _ = update(&state, .key(.character(character))) }
        GoldenFile.check(screen(state), named: "filter-prompt-80x24")
    }

    @Test func staleAfterFailedRefresh() {
        var state = Fixtures.loadedState(cols: 100, rows: 30)
        let failedAt = Fixtures.refreshedAt + 31
        _ = update(&state, .tick(now: failedAt))
        _ = update(&state, .refreshFinished(.failure(RefreshFailure(
            message: "Kubernetes API: GET /api/v1/nodes failed:\n connection refused (error 7)", failedAt: failedAt))))
        _ = update(&state, .tick(now: failedAt + 2))
        GoldenFile.check(screen(state), named: "stale-100x30")
    }

    @Test func beforeFirstRefresh() {
        var state = DashboardState(options: Fixtures.options(), now: Fixtures.refreshedAt, cols: 80, rows: 24)
        _ = update(&state, .tick(now: Fixtures.refreshedAt))
        GoldenFile.check(screen(state), named: "loading-80x24")
    }

    @Test(arguments: [(80, 24, false), (250, 70, false), (80, 24, true), (250, 70, true)])
    func activity(cols: Int, rows: Int, ascii: Bool) {
        let state = Fixtures.loadedState(cols: cols, rows: rows, activity: Fixtures.activity(), ascii: ascii)
        GoldenFile.check(screen(state), named: "activity-\(ascii ? "ascii-" : "")\(cols)x\(rows)")
    }

    @Test func nodeDetailWithActivity() {
        var state = Fixtures.loadedState(cols: 100, rows: 40, activity: Fixtures.activity())
        _ = update(&state, .key(.tab))
        _ = update(&state, .key(.home))
        let position = state.visibleNodes.firstIndex { state.data!.nodes[$0].name.hasSuffix("m0zz") }!
        for _ in 0..<position { _ = update(&state, .key(.down)) }
        _ = update(&state, .key(.enter))
        GoldenFile.check(screen(state), named: "node-detail-activity-100x40")
    }

    @Test func imageDetailOutsidePrepullSetInUse() {
        var state = Fixtures.loadedState(cols: 100, rows: 30, activity: Fixtures.activity())
        let position = state.imageLinePositions.firstIndex {
            guard case .image(let index) = state.imageLines[$0] else { return false }
            return state.data!.images[index].tag == "w_2077_41"
        }!
        for _ in 0..<position { _ = update(&state, .key(.down)) }
        _ = update(&state, .key(.enter))
        #expect(state.overlay == .imageDetail(tag: "w_2077_41"))
        GoldenFile.check(screen(state), named: "image-detail-in-use-100x30")
    }

    /// Golden comparison must be able to fail.
    @Test func goldenMismatchIsDetected() {
        #expect(GoldenFile.firstDifference("a\nb\n", "a\nc\n") != nil)
        #expect(GoldenFile.firstDifference("a\nb\n", "a\nb\n") == nil)
    }
}
