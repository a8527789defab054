import Foundation
import NubladaEngine
import Synchronization
import Testing
@testable import NubladaClients
import NubladaStandIn
import NubladaTestSupport

/// A watch line past `LineSplitter.maximumLineBytes` ends the watch with the failure named;
/// the informer reports it once and lists again.
@Suite("Watch lines past the bound")
struct WatchLineBoundTests {
    @Test("a watch line past 16 MiB from a real socket: refused, the watch ends naming the host and the bound")
    func refusedOnTheWire() async throws {
        let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{\"type\":\"ADDED\",\"object\":{\"metadata\":{\"name\":\""
        let silent = try SilentListener(prefix: Array(head.utf8) + [UInt8](repeating: UInt8(ascii: "x"), count: (16 << 20) + 65536))
        let connection = KubernetesConnection(server: silent.url, tls: TLSOptions(), authentication: .token("kube-token"), proxy: nil,
                                              origin: "test", contextName: "test", clusterName: "test")
        let client = KubernetesClient(connection: connection)
        let result = try await blocking {
            client.watch(.nodes, labelSelector: "", from: "1", timeoutSeconds: 60, idleSeconds: 30, shouldStop: { false }) { (_: NodeWatchEvent) in
                true
            }
        }
        #expect(!result.healthy)
        #expect(!result.sawEvent)
        #expect(!result.notAWatchStream)
        #expect(result.failure?.cause.kind == .limit)
        #expect(result.failure?.description == "Kubernetes \(silent.hostLabel): a node watch event passed 16 MiB, the most nubladash reads in one line; it was refused and the nodes are listed again")
    }

    @Test("the informer reports the refusal once, then lists again") func reportedThenListed() async throws {
        let lists = Atomic<Int>(0)
        let cache = ListWatchCache<NodeListPage.Node, String>(
            watchTimeout: 300,
            list: {
                lists.add(1, ordering: .relaxed)
                return ([], "1")
            },
            watch: { _, _, _ in
                var result = WatchResult(status: 200)
                result.sawEvent = true
                result.healthy = false
                result.failure = KubernetesError(description: "Kubernetes test: a node watch event passed 16 MiB", .limit)
                return result
            },
            convert: { $0.cacheKey })
        defer { cache.stop() }
        _ = try cache.current()
        #expect(await eventually { !cache.isWatching })
        let message = await errorText { _ = try cache.current() }
        #expect(message == "Kubernetes test: a node watch event passed 16 MiB")
        #expect(lists.load(ordering: .relaxed) == 1)
        _ = try cache.current()
        #expect(lists.load(ordering: .relaxed) == 2)
    }
}
