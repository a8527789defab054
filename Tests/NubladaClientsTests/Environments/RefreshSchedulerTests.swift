import Foundation
import NubladaEngine
import NubladaStandIn
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

    @Test("at most 4 refreshes in flight; the others start as slots free") func bound() async {
        let gate = Gate(), started = Log()
        let jobs = (0..<10).map { index in
            RefreshScheduler.Job(name: "env\(index)") {
                started.add("env\(index)")
                gate.wait()
                return 3600
            }
        }
        let scheduler = RefreshScheduler(jobs: jobs)
        scheduler.start()
        defer { scheduler.stop() }
        // Each job's thread says it started a little after its slot is taken: wait for both.
        #expect(await eventually { scheduler.load.running == 4 && started.all.count == 4 })
        #expect(scheduler.load.peak == 4)
        #expect(started.all.sorted() == ["env0", "env1", "env2", "env3"], "the longest waiting go first")
        gate.open()
        #expect(await eventually { started.all.count == 10 && scheduler.load.running == 0 })
        #expect(scheduler.load.peak == 4)
        #expect(Set(started.all).count == 10, "each once: the next refresh is an hour away")
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
        let log = Log()
        let environments = [("healthy", healthy), ("hanging", hanging), ("failing", failing)]
        let jobs = try environments.map { name, harness in
            let refresher = try ClusterRefresher.make(configPath: harness.configFile(), kubeconfig: harness.kubeconfigFile(),
                                                      context: nil, registryEndpoint: harness.server.registryURL,
                                                      environment: ["GOOGLE_OAUTH_ACCESS_TOKEN": "registry-token"])
            return RefreshScheduler.Job(name: name) {
                do {
                    let refresh = try refresher.refreshDashboard()
                    log.add(refresh.failure == nil ? "\(name) ok" : "\(name) partial")
                } catch {
                    log.add("\(name) failed")
                }
                return 0.05
            }
        }
        // Two slots for three environments: the hanging one holds one, the other two share the other.
        let scheduler = RefreshScheduler(jobs: jobs, limit: 2)
        scheduler.start()
        #expect(await eventually { log.count("healthy ok") >= 5 && log.count("failing failed") >= 5 })
        scheduler.stop()
        let beforeHanging = log.all.prefix { !$0.hasPrefix("hanging") }
        #expect(beforeHanging.filter { $0 == "healthy ok" }.count >= 5, "\(log.all)")
        #expect(beforeHanging.filter { $0 == "failing failed" }.count >= 5, "\(log.all)")
        #expect(scheduler.load.peak == 2)
    }
}
