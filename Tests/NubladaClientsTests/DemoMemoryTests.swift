import Foundation
import NubladaProcess
import NubladaWork
@testable import NubladaStandIn
import NubladaTestSupport
@testable import NubladaDemo
import Testing

/// The demo runs for days: what it keeps must stop growing.
@Suite struct DemoMemoryTests {
    @Test("a month of the demo world keeps a bounded watch history, nodes, pods and agenda") func boundedOverAMonth() async throws {
        // Ten seconds of CPU in a debug build: on a thread of its own, not on the test pool.
        let server = StandInServer(StandInConfiguration(kubernetesSecurity: StandInTLS()))
        let (world, applied, podChanges, mostPods) = try await Executor.blocking.run {
            var world = DemoSimulator(DemoSettings(seed: 5, start: DemoHarness.start))
            server.load(world)
            var applied = 0, podChanges = 0, mostPods = 0
            while world.now < DemoHarness.start + 30 * 86_400 {
                let events = world.step()
                server.apply(events, from: world)
                applied += events.filter { $0.change.node != nil }.count
                podChanges += events.filter(\.change.changesPods).count
                mostPods = max(mostPods, server.podCount)
            }
            return (world, applied, podChanges, mostPods)
        }
        let kept = server.state.withLock { $0.watch.count }
        // Pods come and go, but there are never more than a lab per user and a few prepull
        // pods per node; their watch history is capped like the nodes'.
        #expect(podChanges > StandInServer.demoWatchHistory)
        #expect(mostPods <= DemoPodStyle.users.count + 2 * 44)
        #expect(server.state.withLock { $0.pods.history.count } == StandInServer.demoWatchHistory)
        // More node changes happened than the demo keeps: the history is full, and no fuller.
        #expect(applied > StandInServer.demoWatchHistory)
        #expect(kept == StandInServer.demoWatchHistory)
        #expect(world.nodeNames.count <= 50)
        #expect(world.pendingActionCount < 500)
    }
}
