import Foundation
import Testing
@testable import NubladaClients
@testable import NubladaStandIn

/// A watch whose server goes silent (a half-open connection: no event, no bookmark) is given
/// up after its idle bound, so the next refresh lists again instead of trusting a dead stream.
@Suite("Watch idle bound", .serialized)
struct WatchIdleTests {
    @Test("a silent watch ends after its idle timeout") func silentWatchEnds() async throws {
        let harness = try StandInHarness(nodes: 3)
        harness.server.state.withLock { $0.watchBookmarkInterval = 3600 }  // no bookmarks
        let informer = NodeInformer(client: harness.kubernetes(), labelSelector: "", watchIdleTimeout: 2)
        defer { informer.stop() }
        _ = try informer.current()
        var watched = false
        for _ in 0..<200 where !watched {
            watched = informer.isWatching
            if !watched { try await Task.sleep(nanoseconds: 50_000_000) }
        }
        #expect(watched)
        // The bound is 2 s; the generous wait only says the watch did not live on for minutes.
        var ended = false
        for _ in 0..<300 where !ended {
            ended = !informer.isWatching
            if !ended { try await Task.sleep(nanoseconds: 100_000_000) }
        }
        #expect(ended)
    }
}
