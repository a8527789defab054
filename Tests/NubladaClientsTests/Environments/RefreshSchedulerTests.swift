import Foundation
import NubladaEngine
import NubladaStandIn
import NubladaTestSupport
import Synchronization
import Testing
@testable import NubladaClients

/// Many environments refreshing at once (issue 11 item 2): the bound on refreshes in flight,
/// and a hanging or failing environment that never holds the others up. Counts and
/// ordering only: nothing here is timed.
@Suite("Refresh scheduler")
struct RefreshSchedulerTests {
    /// Holds the jobs that wait on it until it opens (they run on threads of their own).
    final class Gate: Sendable {
        private let isOpen = Mutex(false)

        func open() { isOpen.withLock { $0 = true } }

        func wait() {
            while !isOpen.withLock({ $0 }) { usleep(2_000) }
        }
    }

    /// What happened, in order: `name` for each refresh that finished.
    final class Log: Sendable {
        private let entries = Mutex<[String]>([])

        func add(_ entry: String) { entries.withLock { $0.append(entry) } }
        var all: [String] { entries.withLock { $0 } }
        func count(_ entry: String) -> Int { all.filter { $0 == entry }.count }
    }

    @Test("at most 4 evaluating at once, the others wait their turn; every refresh starts when due") func bound() async {
        let gate = Gate(), evaluating = Log(), slots = RefreshSlots()
        let jobs = (0..<10).map { index in
            RefreshScheduler.Job(name: "env\(index)") {
                slots.hold {
                    evaluating.add("env\(index)")
                    gate.wait()
                }
                return 3600
            }
        }
        let scheduler = RefreshScheduler(jobs: jobs)
        scheduler.start()
        defer { scheduler.stop() }
        #expect(await eventually { scheduler.load.running == 10 && slots.load.busy == 4 && evaluating.all.count == 4 })
        gate.open()
        #expect(await eventually { evaluating.all.count == 10 && scheduler.load.running == 0 && slots.load.busy == 0 })
        #expect(slots.load.peak == 4)
        #expect(Set(evaluating.all).count == 10, "each once: the next refresh is an hour away")
    }

    @Test("slots go first come, first served") func slotOrder() async {
        let slots = RefreshSlots(limit: 1), gate = Gate(), order = Log()
        let holder = Thread { slots.hold { gate.wait() } }
        holder.start()
        #expect(await eventually { slots.load.busy == 1 })
        for index in 0..<3 {
            Thread { slots.hold { order.add("\(index)") } }.start()
            // Each asks once the one before waits (asked in this order).
            try? await Task.sleep(nanoseconds: 200_000_000)
        }
        gate.open()
        #expect(await eventually { order.all.count == 3 })
        #expect(order.all == ["0", "1", "2"])
    }

    /// When each finished refresh of each environment ended (seconds since the epoch).
    final class Times: Sendable {
        private let entries = Mutex<[String: [Double]]>([:])

        func add(_ name: String) { entries.withLock { $0[name, default: []].append(Date().timeIntervalSince1970) } }
        func of(_ name: String) -> [Double] { entries.withLock { $0[name] ?? [] } }
    }

    @Test("environments whose refreshes never return hold nobody up: the healthy ones refresh every interval")
    func hangingHoldNoSlot() async {
        let gate = Gate(), times = Times()
        // As many hanging environments as there are slots, listed first so they start first.
        let hanging = RefreshSlots.defaultLimit, healthy = 3, interval = 0.3
        let jobs = (0..<(hanging + healthy)).map { index in
            RefreshScheduler.Job(name: "env\(index)") {
                if index < hanging {
                    gate.wait()
                    return 3600
                }
                times.add("env\(index)")
                return interval
            }
        }
        let scheduler = RefreshScheduler(jobs: jobs)
        scheduler.start()
        defer {
            scheduler.stop()
            gate.open()
        }
        let names = (hanging..<(hanging + healthy)).map { "env\($0)" }
        #expect(await eventually { names.allSatisfy { times.of($0).count >= 8 } }, "\(names.map { times.of($0).count })")
        for name in names {
            let ends = times.of(name)
            let longestGap = zip(ends.dropFirst(), ends).map { $0 - $1 }.max() ?? 0
            // One interval, and generous room for a loaded machine: never the hanging ones' minutes.
            #expect(longestGap < interval + 5, "\(name): \(longestGap) s between refreshes")
        }
    }

    @Test("refreshNow brings one environment forward; a running one is not started twice") func refreshNow() async {
        let gate = Gate(), started = Log()
        let jobs = ["a", "b"].map { name in
            RefreshScheduler.Job(name: name) {
                started.add(name)
                if name == "a" { gate.wait() }
                return 3600
            }
        }
        let scheduler = RefreshScheduler(jobs: jobs)
        scheduler.start()
        defer { scheduler.stop() }
        #expect(await eventually { started.count("b") == 1 && scheduler.load.running == 1 })
        scheduler.refreshNow(1)
        scheduler.refreshNow(0)
        #expect(await eventually { started.count("b") == 2 })
        gate.open()
        #expect(await eventually { scheduler.load.running == 0 })
        #expect(started.count("a") == 1, "a was running when asked again")
        scheduler.refreshAll()
        #expect(await eventually { started.count("a") == 2 && started.count("b") == 3 })
    }

    @Test("one environment hanging and one failing: the healthy one keeps refreshing") func hangingAndFailing() async throws {
        let healthy = try StandInHarness(nodes: 3, tags: 8)
        let hanging = try StandInHarness(nodes: 3, tags: 8)
        let failing = try StandInHarness(nodes: 3, tags: 8)
        hanging.server.delay = 600
        failing.server.failRegistry(next: 100_000, status: 403)
        failing.server.failKubernetes(next: 100_000, status: 403)
        let log = Log(), slots = RefreshSlots(limit: 2)
        let environments = [("healthy", healthy), ("hanging", hanging), ("failing", failing)]
        let refreshers = try environments.map { _, harness in
            try ClusterRefresher.make(configPath: harness.configFile(), kubeconfig: harness.kubeconfigFile(),
                                      context: nil, registryEndpoint: harness.server.registryURL,
                                      environment: ["GOOGLE_OAUTH_ACCESS_TOKEN": "registry-token"])
        }
        let jobs = zip(environments, refreshers).map { environment, refresher in
            let name = environment.0
            return RefreshScheduler.Job(name: name) {
                do {
                    let refresh = try refresher.refreshDashboard(slots: slots)
                    log.add(refresh.failure == nil ? "\(name) ok" : "\(name) partial")
                } catch {
                    log.add("\(name) failed")
                }
                return 0.05
            }
        }
        // Two slots for three environments: the hanging one waits without one.
        let scheduler = RefreshScheduler(jobs: jobs)
        scheduler.start()
        #expect(await eventually { log.count("healthy ok") >= 5 && log.count("failing failed") >= 5 })
        scheduler.stop()
        let beforeHanging = log.all.prefix { !$0.hasPrefix("hanging") }
        #expect(beforeHanging.filter { $0 == "healthy ok" }.count >= 5, "\(log.all)")
        #expect(beforeHanging.filter { $0 == "failing failed" }.count >= 5, "\(log.all)")
        #expect(slots.load.peak <= 2)
        let waiting = refreshers[1].waitingOn
        let hosts = Set([HostLabel.of(hanging.server.registryURL), HostLabel.of(hanging.server.kubernetesURL)])
        #expect(!waiting.isEmpty && Set(waiting).isSubset(of: hosts), "the hanging one says what it waits on: \(waiting)")
    }
}
