import Foundation
import NubladaEngine
import NubladaStandIn
import NubladaTestSupport
import NubladaWork
import Synchronization
import Testing
@testable import NubladaClients

/// Many environments refreshing at once on the refresh executor: the bound on evaluations,
/// and a hanging or failing environment that never holds the others up. Counts and ordering
/// only: nothing here is timed. (When each environment is due is its dashboard state's to
/// say: the headless overview's tests.)
@Suite("Environment refreshes")
struct EnvironmentRefreshTests {
    /// Holds the jobs that wait on it until it opens (they run on threads of their own).
    final class Gate: Sendable {
        private let isOpen = Mutex(false)

        func open() { isOpen.withLock { $0 = true } }
        var opened: Bool { isOpen.withLock { $0 } }

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

    @Test("at most 4 evaluating at once, the others wait their turn; every refresh starts at once") func bound() async {
        let gate = Gate(), evaluating = Log(), slots = RefreshSlots()
        let executor = Executor(name: "test-refresh", limit: 256)
        for index in 0..<10 {
            executor.submit {
                slots.hold {
                    evaluating.add("env\(index)")
                    gate.wait()
                }
            }
        }
        #expect(await eventually { executor.load.running == 10 && slots.load.busy == 4 && evaluating.all.count == 4 })
        gate.open()
        #expect(await eventually { evaluating.all.count == 10 && executor.load.running == 0 && slots.load.busy == 0 })
        #expect(slots.load.peak == 4)
        #expect(Set(evaluating.all).count == 10, "each once")
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
        // Each environment refreshes again and again on the refresh executor until stopped.
        let stopped = Gate()
        for (environment, refresher) in zip(environments, refreshers) {
            let name = environment.0
            Executor.refreshes.submit {
                while !stopped.opened {
                    do {
                        let refresh = try refresher.refreshDashboard(slots: slots)
                        log.add(refresh.failure == nil ? "\(name) ok" : "\(name) partial")
                    } catch {
                        log.add("\(name) failed")
                    }
                    usleep(50_000)
                }
            }
        }
        // Two slots for three environments: the hanging one waits without one.
        #expect(await eventually { log.count("healthy ok") >= 5 && log.count("failing failed") >= 5 })
        stopped.open()
        let beforeHanging = log.all.prefix { !$0.hasPrefix("hanging") }
        #expect(beforeHanging.filter { $0 == "healthy ok" }.count >= 5, "\(log.all)")
        #expect(beforeHanging.filter { $0 == "failing failed" }.count >= 5, "\(log.all)")
        #expect(slots.load.peak <= 2)
        let waiting = refreshers[1].waitingOn
        let hosts = Set([HostLabel.of(hanging.server.registryURL), HostLabel.of(hanging.server.kubernetesURL)])
        #expect(!waiting.isEmpty && Set(waiting).isSubset(of: hosts), "the hanging one says what it waits on: \(waiting)")
    }
}
