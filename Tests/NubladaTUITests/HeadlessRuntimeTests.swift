import Foundation
import NubladaEngine
import NubladaTestSupport
import Synchronization
import Testing
@testable import NubladaTUI

/// The one program loop without a terminal (a server's): ticks from a timer, refreshes started
/// as the state's schedule makes them due, their results in the state, nothing painted. The
/// clock is a virtual one that moves on at each tick, so nothing here is timed.
@Suite("Headless runtime")
struct HeadlessRuntimeTests {
    /// Seconds since the epoch that move on by `step` at each tick (each reading).
    final class VirtualClock: Sendable {
        private let time: Mutex<Double>
        private let step: Double

        init(start: Double = Fixtures.refreshedAt, step: Double) {
            time = Mutex(start)
            self.step = step
        }

        /// The time, after moving it on (what a tick reads).
        func tick() -> Double { time.withLock { $0 += step; return $0 } }
        var now: Double { time.withLock { $0 } }
    }

    /// What the fake refreshes saw: when each started (virtual time), and the most at once.
    final class Calls: Sendable {
        private let state = Mutex<(starts: [String: [Double]], running: Int, peak: Int)>(([:], 0, 0))

        func start(_ name: String, at time: Double) {
            state.withLock { state in
                state.starts[name, default: []].append(time)
                state.running += 1
                state.peak = max(state.peak, state.running)
            }
        }

        func end() { state.withLock { $0.running -= 1 } }
        func starts(_ name: String) -> [Double] { state.withLock { $0.starts[name] ?? [] } }
        var peak: Int { state.withLock { $0.peak } }
    }

    /// Holds the refreshes that wait on it until it opens.
    final class Gate: Sendable {
        private let isOpen = Mutex(false)

        func open() { isOpen.withLock { $0 = true } }

        func wait() {
            while !isOpen.withLock({ $0 }) { usleep(2_000) }
        }
    }

    @Test("the dashboard headless: refreshes happen on schedule, one at a time, and their data lands in the state")
    func dashboardRefreshesOnSchedule() async throws {
        let clock = VirtualClock(step: 5), calls = Calls()
        let runtime = DashboardRuntime(options: Fixtures.options(interval: 30)) {
            let now = clock.now
            calls.start("dashboard", at: now)
            defer { calls.end() }
            return .success(Fixtures.data(refreshedAt: now))
        }
        let loop = runtime.startHeadless(tickEvery: 0.01, now: { clock.tick() })
        defer { loop.stop() }
        #expect(await eventually { calls.starts("dashboard").count >= 4 })
        loop.stop()
        let starts = calls.starts("dashboard")
        for (earlier, later) in zip(starts, starts.dropFirst()) {
            #expect(later - earlier >= 30, "not before the interval has passed: \(starts)")
        }
        #expect(calls.peak == 1, "never two at once")
        #expect(await eventually { loop.model.refresh.lastSuccessAt != nil && !loop.model.refresh.inFlight })
        let state = loop.model
        #expect(state.data?.images.isEmpty == false)
        #expect(state.refresh.lastFailure == nil)
        // The next one is due an interval after the result landed: at or after the refresh's
        // time (ticks may have moved the clock on while it ran).
        #expect(try #require(state.refresh.nextAttemptAt) >= #require(state.refresh.lastSuccessAt) + 30)
    }

    @Test("the dashboard headless: a failing refresh is retried with backoff, its failure in the state")
    func dashboardFailureBacksOff() async throws {
        struct Refused: Error, CustomStringConvertible { var description: String { "registry.example: refused" } }
        let clock = VirtualClock(step: 5), calls = Calls()
        let runtime = DashboardRuntime(options: Fixtures.options(interval: 30)) {
            calls.start("dashboard", at: clock.now)
            calls.end()
            throw Refused()
        }
        let loop = runtime.startHeadless(tickEvery: 0.01, now: { clock.tick() })
        defer { loop.stop() }
        #expect(await eventually { loop.model.refresh.consecutiveFailures >= 3 })
        loop.stop()
        #expect(loop.model.refresh.lastFailure?.message == "registry.example: refused")
        #expect(loop.model.data == nil)
        let starts = calls.starts("dashboard")
        let gaps = zip(starts, starts.dropFirst()).map { $1 - $0 }
        #expect(gaps.prefix(2).allSatisfy { $0 >= RefreshInterval.minimum }, "backoff waits at least the retry base: \(gaps)")
    }

    @Test("the overview headless: environments whose refreshes never return hold nobody up; the healthy ones refresh every interval")
    func overviewHangingHoldNobody() async throws {
        let clock = VirtualClock(step: 1), calls = Calls(), gate = Gate()
        let hanging = 4, healthy = 3, interval = RefreshInterval.minimum
        let names = (0..<(hanging + healthy)).map { "env\($0)" }
        var options = Fixtures.options()
        options.refreshInterval = RefreshInterval(seconds: interval)!
        let runtime = OverviewRuntime(
            environments: names.map { OverviewRuntime.Environment(name: $0, source: "GAR example", options: options) },
            theme: .default, ascii: false,
            refresh: { index in
                let now = clock.now
                if index < hanging {
                    gate.wait()
                    return .failure(RefreshFailure(message: "gave up", failedAt: now))
                }
                calls.start(names[index], at: now)
                calls.end()
                return .success(Fixtures.data(refreshedAt: now))
            },
            resolveDigest: { _, _ in throw DigestLookupUnavailable() })
        let loop = runtime.startHeadless(tickEvery: 0.01, now: { clock.tick() })
        defer {
            loop.stop()
            gate.open()
        }
        let healthyNames = names.suffix(healthy)
        #expect(await eventually { healthyNames.allSatisfy { calls.starts($0).count >= 8 } },
                "\(healthyNames.map { calls.starts($0).count })")
        loop.stop()
        // Eight refreshes each while four others hang: nobody was held up. Each came when its
        // state said it was due, never sooner. (How late is the machine's load, not the
        // schedule's: the virtual clock moves on at every tick, busy or not.)
        for name in healthyNames {
            let starts = calls.starts(name)
            let shortestGap = zip(starts.dropFirst(), starts).map { $0 - $1 }.min() ?? 0
            #expect(shortestGap >= interval, "\(name): \(shortestGap) s between refreshes")
        }
        #expect(loop.model.environments.prefix(hanging).allSatisfy { $0.dashboard.refresh.inFlight })
    }

    @Test("U refreshes every environment now; a running one is not started twice, its update waits for it to end")
    func updateAllWhileOneRuns() async throws {
        let clock = VirtualClock(step: 1), calls = Calls(), gate = Gate()
        var options = Fixtures.options()
        options.refreshInterval = try #require(RefreshInterval(seconds: RefreshInterval.maximum))
        let runtime = OverviewRuntime(
            environments: ["a", "b"].map { OverviewRuntime.Environment(name: $0, source: "GAR example", options: options) },
            theme: .default, ascii: false,
            refresh: { index in
                let now = clock.now
                calls.start(["a", "b"][index], at: now)
                defer { calls.end() }
                if index == 0 { gate.wait() }
                return .success(Fixtures.data(refreshedAt: now))
            },
            resolveDigest: { _, _ in throw DigestLookupUnavailable() })
        // A screen large enough for keys (the headless one has no size).
        let loop = ProgramLoop.headless(runtime.initialState(now: clock.now, cols: 120, rows: 30, ascii: false, themeName: "default"),
                                        label: "test.overview", handler: runtime.handler, tickEvery: 0.01, now: { clock.tick() })
        defer {
            loop.stop()
            gate.open()
        }
        #expect(await eventually { calls.starts("b").count == 1 && loop.model.environments[1].dashboard.refresh.lastSuccessAt != nil })
        #expect(loop.model.environments[0].dashboard.refresh.inFlight)
        loop.send([.key(.character("U"))])
        #expect(await eventually { calls.starts("b").count == 2 })
        #expect(calls.starts("a").count == 1, "a was running when asked again")
        #expect(loop.model.environments[0].dashboard.refresh.updateQueued)
        gate.open()
        #expect(await eventually { calls.starts("a").count == 2 && !loop.model.environments[0].dashboard.refresh.inFlight })
        #expect(calls.starts("b").count == 2, "b's interval is a day away")
    }
}
