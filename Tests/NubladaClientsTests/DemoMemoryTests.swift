import Foundation
@testable import NubladaStandIn
import Testing

/// The demo runs for days: what it keeps must stop growing.
@Suite struct DemoMemoryTests {
    @Test("a month of the demo world keeps a bounded watch history, nodes and agenda") func boundedOverAMonth() throws {
        var world = DemoSimulator(DemoSettings(seed: 5, start: DemoHarness.start))
        let server = StandInServer(StandInConfiguration())
        server.load(world)
        var applied = 0
        while world.now < DemoHarness.start + 30 * 86_400 {
            let events = world.step()
            server.apply(events, from: world)
            applied += events.filter { $0.change.node != nil }.count
        }
        let kept = server.state.withLock { $0.watch.count }
        // More node changes happened than the demo keeps: the history is full, and no fuller.
        #expect(applied > StandInServer.demoWatchHistory)
        #expect(kept == StandInServer.demoWatchHistory)
        #expect(world.nodeNames.count <= 50)
        #expect(world.pendingActionCount < 500)
    }
}
