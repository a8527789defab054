import NubladaEngine
import Testing
@testable import NubladaTUI

/// How refresh failures are shown (issue 8, defect 11): "no data yet" rather than "stale 0s"
/// before any success, the error's useful part within a 120-column status line, and `e` (or
/// a click on the status line) for the whole text.
@Suite struct RefreshErrorDisplayTests {
    static let serverMessage = "Request had invalid authentication credentials. Expected OAuth 2 access token."
    static let registry401 = "Artifact Registry: access token refused (401) for "
        + "projects/rubin-shared-services-71ec/locations/us-central1/repositories/sciplat: \(serverMessage); "
        + "check the Google credentials (GOOGLE_OAUTH_ACCESS_TOKEN)"

    func failed(_ state: inout DashboardState, _ message: String = registry401, times: Int = 1) {
        for _ in 0..<times {
            _ = update(&state, .tick(now: state.refresh.nextAttemptAt ?? state.now))
            _ = update(&state, .refreshFinished(.failure(RefreshFailure(message: message, failedAt: state.now))))
        }
        _ = update(&state, .tick(now: state.now + 2))
    }

    func row(_ state: DashboardState, _ y: Int) -> String { render(state).text(ofRow: y) }

    @Test func failureBeforeAnyDataSaysNoDataYetNotStale() {
        var state = DashboardState(options: Fixtures.options(), now: Fixtures.refreshedAt, cols: 120, rows: 30)
        failed(&state, "no credentials")
        #expect(state.refreshIndicator == .noData)
        #expect(row(state, 0).hasSuffix(" no data yet"))
        #expect(!render(state).text.contains("stale"))
        #expect(row(state, 29).contains("no credentials"))
        #expect(row(state, 29).contains("no data yet"))
        GoldenFile.check(render(state).text, named: "failed-before-data-120x30")
    }

    @Test func the120ColumnStatusLineReachesTheServersMessage() {
        var state = Fixtures.loadedState(cols: 120, rows: 30)
        failed(&state, times: 3)
        let status = row(state, 29)
        #expect(status.contains("(401)"))
        #expect(status.contains("…/sciplat: Request had invalid"), "\(status)")
        #expect(status.contains("retry"))
        #expect(status.hasSuffix("e error  ? help"))
    }

    @Test func longLocatorsAreShortenedToTheirLastPart() {
        #expect(ErrorText.compact(Self.registry401, ellipsis: "…").hasPrefix(
            "Artifact Registry: access token refused (401) for …/sciplat: Request had"))
        #expect(ErrorText.compact("cannot reach https://example.org:6443/api/v1/nodes?limit=500.", ellipsis: "...")
                    == "cannot reach example.org:6443....")
        #expect(ErrorText.compact("(kubeconfig /home/someone/.kube/config-production, context prod)", ellipsis: "…")
                    == "(kubeconfig …/config-production, context prod)")
        #expect(ErrorText.compact("a/b short", ellipsis: "…") == "a/b short")
    }

    @Test func eOpensTheWholeErrorWrappedAndEscCloses() {
        var state = Fixtures.loadedState(cols: 100, rows: 30)
        failed(&state, times: 2)
        _ = update(&state, .key(.character("e")))
        #expect(state.overlay == .refreshError)
        let screen = render(state).text
        #expect(screen.contains("Last refresh error"))
        #expect(screen.contains("2 in a row"))
        #expect(screen.contains("projects/rubin-shared-services-71ec/locations/us-central1/repositories/sciplat:"))
        #expect(screen.contains("(GOOGLE_OAUTH_ACCESS_TOKEN)"))
        GoldenFile.check(screen, named: "refresh-error-100x30")
        _ = update(&state, .key(.escape))
        #expect(state.overlay == nil)
    }

    @Test func aClickOnTheStatusLineOpensTheError() {
        var state = Fixtures.loadedState(cols: 100, rows: 30)
        _ = update(&state, .mouse(MouseEvent(kind: .click, x: 5, y: 29)))
        #expect(state.overlay == nil)
        failed(&state)
        _ = update(&state, .mouse(MouseEvent(kind: .click, x: 5, y: 29)))
        #expect(state.overlay == .refreshError)
    }

    @Test func withoutAnErrorESaysSoAndASuccessClosesTheOverlay() {
        var state = Fixtures.loadedState(cols: 100, rows: 30)
        _ = update(&state, .key(.character("e")))
        #expect(state.overlay == nil)
        #expect(state.notice?.text == "no refresh error to show")
        failed(&state)
        _ = update(&state, .key(.character("e")))
        _ = update(&state, .tick(now: state.refresh.nextAttemptAt!))
        _ = update(&state, .refreshFinished(.success(Fixtures.data(refreshedAt: state.now))))
        #expect(state.overlay == nil)
    }

    @Test func theWholeMessageIsKept() {
        let long = String(repeating: "word ", count: 200) + "end"
        #expect(RefreshFailure(message: long, failedAt: 0).message.hasSuffix("end"))
    }
}

/// One side failing (issue 8, defect 11): what did load is shown, the header says the data is
/// partial and the status line names the side that failed.
@Suite struct PartialRefreshDisplayTests {
    static let kubernetes403 = "Kubernetes: forbidden (403) at 10.0.0.1 (kubeconfig): nodes is forbidden; the user needs permission to list nodes"

    @Test func kubernetesFailingShowsTheRegistryImagesAndNamesKubernetes() {
        var state = DashboardState(options: Fixtures.options(), now: Fixtures.refreshedAt, cols: 120, rows: 30)
        _ = update(&state, .tick(now: Fixtures.refreshedAt))
        let imagesOnly = Fixtures.data(nodes: [])
        let failure = RefreshFailure(message: Self.kubernetes403, failedAt: Fixtures.refreshedAt, partial: true)
        _ = update(&state, .refreshFinished(RefreshOutcome(data: imagesOnly, failure: failure)))
        _ = update(&state, .tick(now: Fixtures.refreshedAt + 1))
        #expect(state.refreshIndicator == .partial)
        let screen = render(state).text
        #expect(screen.split(separator: "\n")[0].hasSuffix(" partial"))
        #expect(screen.contains("recommended"))
        #expect(render(state).text(ofRow: 29).contains("Kubernetes: forbidden (403)"))
        // Retried with backoff, like any failure.
        #expect(state.refresh.consecutiveFailures == 1)
        #expect(state.refresh.nextAttemptAt == Fixtures.refreshedAt + RefreshStatus.backoff(failures: 1, interval: state.options.refreshInterval))
    }

    @Test func typedSidesShowTheWordsTheySaid() {
        let nodes = SideFailure(side: .nodes, cause: FailureCause(status: 403, place: "10.0.0.1"), message: Self.kubernetes403)
        let pods = SideFailure(side: .pods, cause: FailureCause(status: 500, place: "10.0.0.1"),
                               message: "Kubernetes: HTTP 500 listing pods at 10.0.0.1 (kubeconfig)")
        func shown(_ failure: RefreshFailure) -> (String, String) {
            var state = Fixtures.loadedState(cols: 120, rows: 30)
            _ = update(&state, .refreshFinished(RefreshOutcome(data: Fixtures.data(), failure: failure)))
            let status = render(state).text(ofRow: 29)
            _ = update(&state, .key(.character("e")))
            return (status, render(state).text)
        }
        let typed = RefreshFailure(sides: [nodes, pods], failedAt: Fixtures.refreshedAt, partial: true)
        let words = RefreshFailure(message: Self.kubernetes403 + "; " + pods.message, failedAt: Fixtures.refreshedAt, partial: true)
        #expect(typed.message == words.message)
        #expect(shown(typed) == shown(words), "the status line and the e overlay read as before")
        #expect(shown(typed).0.contains("Kubernetes: forbidden (403)"))
    }

    @Test func aFullRefreshAfterwardsClearsThePartialState() {
        var state = Fixtures.loadedState(cols: 120, rows: 30)
        let failure = RefreshFailure(message: Self.kubernetes403, failedAt: state.now, partial: true)
        _ = update(&state, .refreshFinished(RefreshOutcome(data: Fixtures.data(), failure: failure)))
        #expect(state.refreshIndicator == .partial)
        _ = update(&state, .refreshFinished(.success(Fixtures.data())))
        #expect(state.refresh.lastFailure == nil)
        #expect(state.refreshIndicator != .partial)
    }
}
