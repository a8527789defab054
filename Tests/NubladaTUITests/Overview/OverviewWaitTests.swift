import NubladaEngine
import Testing
@testable import NubladaTUI

/// An environment whose refresh never answers, and one whose registry alone fails: the wait
/// as it grows, its rank under "trouble first", a `u` that has to wait its turn, and each
/// side's own age where its data is shown.
@Suite struct OverviewWaitTests {
    static let deadHost = "127.0.0.1:6443"

    /// `idfprod` and `idfint` answered; `deadenv` has been waiting for its first answer since
    /// the start (45 s at the last tick), on its Kubernetes API server.
    static func waitingState(cols: Int = 140, rows: Int = 16) -> OverviewState {
        let at = Fixtures.refreshedAt, gar = "GAR us-central1-docker.pkg.dev"
        let screens = [
            OverviewFixtures.screen("idfprod", source: gar, cols: cols, rows: rows, ascii: false,
                                    outcomes: [.success(Fixtures.data(refreshedAt: at + 40))]),
            OverviewFixtures.screen("idfint", source: gar, cols: cols, rows: rows, ascii: false,
                                    outcomes: [.success(OverviewFixtures.intData())]),
            OverviewFixtures.screen("deadenv", source: "Docker ghcr.io", cols: cols, rows: rows, ascii: false, outcomes: []),
        ]
        var state = OverviewState(environments: screens, now: at - 3, cols: cols, rows: rows, ascii: false)
        _ = updateOverview(&state, .refreshWaiting(environment: 2, hosts: [deadHost]))
        _ = updateOverview(&state, .tick(now: at + 42))
        return state
    }

    func names(_ state: OverviewState) -> [String] { state.order.map { state.environments[$0].name } }

    @Test("a refresh without an answer shows its wait as it grows, and ranks first") func noAnswer() throws {
        var state = Self.waitingState()
        #expect(state.environments[2].dashboard.refresh.inFlight)
        let row = OverviewRow(state.environments[2], now: state.now)
        #expect(row.health == .noAnswer(seconds: 45, hosts: [Self.deadHost]))
        #expect(row.troubleRank == 0)
        #expect(names(state) == ["deadenv", "idfprod", "idfint"])
        let text = renderOverview(state).text
        #expect(text.contains("no answer for 45s from \(Self.deadHost)"), "\(text)")
        GoldenFile.check(text, named: "overview-no-answer-140x16")
        _ = updateOverview(&state, .tick(now: Fixtures.refreshedAt + 117))
        #expect(OverviewRow(state.environments[2], now: state.now).waitText == "no answer for 2m 00s from \(Self.deadHost)")
        #expect(renderOverview(state).text.contains("no answer for 2m 00s"), "it grows on screen")
    }

    @Test("a short wait is just refreshing") func shortWait() {
        var state = Self.waitingState()
        _ = updateOverview(&state, .refreshFinished(environment: 2, .failure(RefreshFailure(message: "x", failedAt: Fixtures.refreshedAt + 42))))
        _ = updateOverview(&state, .key(.character("u")))
        _ = updateOverview(&state, .tick(now: Fixtures.refreshedAt + 45))
        let row = OverviewRow(state.environments[2], now: state.now)
        #expect(row.health == .error(reason: "x"), "a refresh running for 3 s is no wait to report")
    }

    @Test("u on an environment whose refresh is in flight says so, and refreshes as soon as that one ends") func queuedUpdate() throws {
        var state = Self.waitingState()
        #expect(state.selectedEnvironment == 2)
        #expect(updateOverview(&state, .key(.character("u"))) == [])
        let notice = try #require(state.notice)
        #expect(notice.text == "update of deadenv queued: a refresh is in flight (no answer for 45s from \(Self.deadHost))")
        GoldenFile.check(renderOverview(state).text, named: "overview-update-queued-140x16")
        let failure = RefreshFailure(message: "\(Self.deadHost): no answer", failedAt: Fixtures.refreshedAt + 50)
        #expect(updateOverview(&state, .refreshFinished(environment: 2, .failure(failure))) == [.refresh(2)],
                "the queued update starts when the hanging refresh ends")
        #expect(state.environments[2].dashboard.refresh.inFlight)
        // Only once: the next end schedules as usual.
        #expect(updateOverview(&state, .refreshFinished(environment: 2, .failure(failure))) == [])
    }

    @Test("the open dashboard shows the wait in its status line and queues u too") func dashboardWait() {
        var state = Self.waitingState(cols: 100, rows: 30)
        _ = updateOverview(&state, .key(.character("3")))
        let before = renderOverview(state).text
        #expect(before.contains("no answer for 45s from \(Self.deadHost)"), "\(before)")
        _ = updateOverview(&state, .key(.character("u")))
        #expect(state.environments[2].dashboard.notice?.text == "update queued: a refresh is in flight (no answer for 45s from \(Self.deadHost))")
    }

    /// `summit`'s registry has not answered for 10 minutes; its nodes answered at the last refresh.
    static func registryBehind(cols: Int, rows: Int) -> OverviewState {
        let at = Fixtures.refreshedAt
        let partial = RefreshFailure(message: "registry ts-dockerhub.lsst.org: 503 Service Unavailable", failedAt: at, partial: true)
        let screens = [
            OverviewFixtures.screen("idfint", source: "GAR us-central1-docker.pkg.dev", cols: cols, rows: rows, ascii: false,
                                    outcomes: [.success(OverviewFixtures.intData())]),
            OverviewFixtures.screen("summit", source: "Docker ts-dockerhub.lsst.org", cols: cols, rows: rows, ascii: false, outcomes: [
                .success(Fixtures.data(refreshedAt: at - 600)),
                RefreshOutcome(data: Fixtures.data(refreshedAt: at), failure: partial,
                               sides: RefreshSides(registry: at - 600, cluster: at)),
            ]),
        ]
        var state = OverviewState(environments: screens, now: at, cols: cols, rows: rows, ascii: false)
        _ = updateOverview(&state, .tick(now: at + 3))
        return state
    }

    @Test("a registry-only failure: the overview row says how old the registry's data is") func registryAgeInOverview() {
        let state = Self.registryBehind(cols: 160, rows: 16)
        let text = renderOverview(state).text
        #expect(text.contains("registry data 10m 03s old"), "\(text)")
        GoldenFile.check(text, named: "overview-registry-behind-160x16")
    }

    @Test("a registry-only failure: the dashboard's header and status line say how old the registry's data is")
    func registryAgeInDashboard() {
        var state = Self.registryBehind(cols: 120, rows: 30)
        _ = updateOverview(&state, .key(.character("2")))
        let dashboard = state.environments[1].dashboard
        #expect(dashboard.refresh.registryAnsweredAt == Fixtures.refreshedAt - 600)
        #expect(dashboard.refresh.clusterAnsweredAt == Fixtures.refreshedAt)
        let text = renderOverview(state).text
        let lines = text.components(separatedBy: "\n")
        #expect(lines.first?.contains("registry 10m 03s old") == true, "\(lines.first ?? "")")
        #expect(StatusLineView.line(dashboard).runs.map(\.text).joined().contains("registry data 10m 03s old"))
        GoldenFile.check(text, named: "dashboard-registry-behind-120x30")
        let error = RefreshErrorView.lines(dashboard).map { $0.runs.map(\.text).joined() }.joined(separator: "\n")
        #expect(error.contains("Registry data  from "), "\(error)")
    }

    @Test("an outcome without side times: both sides are as old as its data") func sidesDefault() {
        let state = OverviewFixtures.state(cols: 120, rows: 30)
        let refresh = state.environments[0].dashboard.refresh
        #expect(refresh.registryAnsweredAt == Fixtures.refreshedAt && refresh.clusterAnsweredAt == Fixtures.refreshedAt)
        #expect(!renderOverview(state).text.contains("registry data"))
    }
}
