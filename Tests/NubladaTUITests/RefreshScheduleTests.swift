import NubladaEngine
import Testing
@testable import NubladaTUI

/// The refresh schedule: due times, stale data after failures, backoff and recovery.
@Suite struct RefreshScheduleTests {
    let t0 = Fixtures.refreshedAt

    @Test func firstTickRequestsARefreshOnce() {
        var state = DashboardState(options: Fixtures.options(), now: t0, cols: 100, rows: 30)
        #expect(state.refreshIndicator == .loading)
        #expect(update(&state, .tick(now: t0)) == [.requestRefresh])
        #expect(state.refreshIndicator == .refreshing)
        #expect(update(&state, .tick(now: t0 + 1)) == [])
        #expect(update(&state, .key(.character("u"))) == [])
    }

    @Test func successSchedulesTheNextRefreshAfterTheInterval() {
        var state = Fixtures.loadedState(cols: 100, rows: 30)
        #expect(state.refreshIndicator == .idle)
        #expect(state.refresh.nextAttemptAt == t0 + 30)
        #expect(update(&state, .tick(now: t0 + 29)) == [])
        #expect(update(&state, .tick(now: t0 + 30)) == [.requestRefresh])
    }

    @Test func failureKeepsDataMarksStaleAndBacksOff() throws {
        var state = Fixtures.loadedState(cols: 100, rows: 30)
        let data = state.data
        var now = t0 + 30
        var waits: [Double] = []
        for _ in 0..<8 {
            #expect(update(&state, .tick(now: now)) == [.requestRefresh])
            _ = update(&state, .refreshFinished(.failure(RefreshFailure(message: "connection refused", failedAt: now))))
            #expect(state.data == data)
            let next = state.refresh.nextAttemptAt!
            waits.append(next - now)
            #expect(update(&state, .tick(now: next - 1)) == [])
            now = next
        }
        #expect(waits == [5, 10, 20, 40, 80, 160, 300, 300])
        #expect(state.refresh.consecutiveFailures == 8)
        let age = try #require(bound(state.refreshIndicator) { if case .stale(let age) = $0 { age } else { nil } }, "expected stale, got \(state.refreshIndicator)")
        #expect(age == now - 1 - t0)
        let status = StatusLineView.line(state).runs.map(\.text).joined()
        #expect(status.hasPrefix("⚠ connection refused"))
        #expect(status.contains("8 failed attempts, retry in"))
    }

    @Test func recoveryClearsTheErrorAndResetsBackoff() {
        var state = Fixtures.loadedState(cols: 100, rows: 30)
        _ = update(&state, .tick(now: t0 + 30))
        _ = update(&state, .refreshFinished(.failure(RefreshFailure(message: "timeout", failedAt: t0 + 30))))
        _ = update(&state, .tick(now: t0 + 35))
        _ = update(&state, .refreshFinished(.success(Fixtures.data(refreshedAt: t0 + 36))))
        #expect(state.refresh.lastFailure == nil)
        #expect(state.refresh.consecutiveFailures == 0)
        #expect(state.refresh.lastSuccessAt == t0 + 36)
        #expect(state.refresh.nextAttemptAt == t0 + 66)
        #expect(state.refreshIndicator == .idle)
    }

    @Test func oldDataIsStaleEvenWithoutAFailure() {
        var state = Fixtures.loadedState(cols: 100, rows: 30)
        _ = update(&state, .key(.character("p")))
        _ = update(&state, .key(.character("p")))
        state.refresh.nextAttemptAt = t0 + 10_000
        _ = update(&state, .tick(now: t0 + 600))
        #expect(state.refreshIndicator == .stale(age: 600))
    }

    @Test func failureBeforeAnyDataShowsTheError() {
        var state = DashboardState(options: Fixtures.options(), now: t0, cols: 100, rows: 30)
        _ = update(&state, .tick(now: t0))
        _ = update(&state, .refreshFinished(.failure(RefreshFailure(message: "no credentials", failedAt: t0))))
        #expect(state.data == nil)
        #expect(render(state).text.contains("No data: no credentials"))
    }

    @Test func backoffFormula() {
        #expect(RefreshStatus.backoff(failures: 0, interval: RefreshInterval(seconds: 30)!) == 30)
        #expect(RefreshStatus.backoff(failures: 1, interval: RefreshInterval(seconds: 30)!) == 5)
        #expect(RefreshStatus.backoff(failures: 3, interval: RefreshInterval(seconds: 30)!) == 20)
        #expect(RefreshStatus.backoff(failures: 50, interval: RefreshInterval(seconds: 30)!) == 300)
        #expect(RefreshStatus.backoff(failures: 50, interval: RefreshInterval(seconds: 900)!) == 900)
    }

    @Test func failureMessagesAreOneLine() {
        let failure = RefreshFailure(message: "first line\n  at frame 1\n\tat frame 2", failedAt: 0)
        #expect(failure.message == "first line at frame 1 at frame 2")
        #expect(RefreshFailure(message: String(repeating: "x", count: 1000), failedAt: 0).message.count == 1000)
        #expect(RefreshFailure(message: String(repeating: "x", count: 9000), failedAt: 0).message.count
                    == RefreshFailure.longestMessage)
    }

    @Test func noticesExpire() {
        var state = Fixtures.loadedState(cols: 100, rows: 30)
        _ = update(&state, .themeApplied(name: "light", problem: nil))
        #expect(state.notice != nil)
        _ = update(&state, .tick(now: state.now + 5))
        #expect(state.notice == nil)
    }
}
