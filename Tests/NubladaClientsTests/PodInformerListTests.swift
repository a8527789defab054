import Foundation
import Testing
@testable import NubladaClients
import NubladaEngine
@testable import NubladaStandIn
import NubladaTestSupport

@Suite("Pod informer against the stand-in's pods", .serialized)
struct PodInformerListTests {
    static let category = "nublado.lsst.io/category"

    static func pod(_ namespace: String, _ name: String, _ category: String) -> StandInPod {
        StandInPod(namespace: namespace, name: name, labels: [Self.category: category], nodeName: "node-a", phase: "Running",
                   creationTimestamp: "2026-10-28T09:00:00Z", containerName: category == "lab" ? "notebook" : "prepull",
                   image: "r/p/i@sha256:\(name)")
    }

    @Test("lists prepull and lab pods of every namespace page by page, nothing else")
    func lists() throws {
        let harness = try StandInHarness(nodes: 2)
        harness.server.setPods([
            Self.pod("nublado", "prepull-a", "prepuller"), Self.pod("nublado", "prepull-b", "prepuller"),
            Self.pod("nublado-ann", "nb-ann", "lab"), Self.pod("nublado-ann", "fileserver", "fileserver"),
            Self.pod("nublado-bob", "nb-bob", "lab"),
        ])
        let client = harness.kubernetes(pageSize: 1)
        let informer = PodInformer(client: client)
        defer { informer.stop() }
        harness.server.resetCounters()
        let pods = try #require(bound(informer.current()) { if case .pods(let pods, _) = $0 { pods } else { nil } }, "no pods")
        #expect(pods.map { "\($0.namespace)/\($0.name)" } == ["nublado-ann/nb-ann", "nublado-bob/nb-bob", "nublado/prepull-a", "nublado/prepull-b"])
        #expect(pods.map(\.category) == [.lab, .lab, .prepuller, .prepuller])
        #expect(pods.last?.image == "r/p/i@sha256:prepull-b")
        #expect(harness.server.kubernetesRequestCount >= 4)
    }

    @Test("the stand-in's forbidden switch: one message, no further requests")
    func forbiddenSwitch() throws {
        let harness = try StandInHarness(nodes: 2)
        harness.server.podsForbidden = true
        let informer = PodInformer(client: harness.kubernetes())
        defer { informer.stop() }
        harness.server.resetCounters()
        #expect(try informer.current() == .forbidden(PodInformer.forbiddenMessage))
        #expect(try informer.current() == .forbidden(PodInformer.forbiddenMessage))
        #expect(harness.server.kubernetesRequestCount == 1)
        // Nodes are still listed.
        #expect(try harness.kubernetes().listNodes(labelSelector: "").count == 2)
    }

    static func names(_ reading: PodInformer.Reading) -> [String] {
        guard case .pods(let pods, _) = reading else { return [] }
        return pods.map(\.name)
    }

    @Test("follows pod changes through one watch; a broken stream means a fresh list on the next call")
    func watches() async throws {
        let harness = try StandInHarness(nodes: 2)
        harness.server.setPods([Self.pod("nublado", "prepull-a", "prepuller"), Self.pod("nublado-ann", "nb-ann", "lab")])
        let informer = PodInformer(client: harness.kubernetes())
        defer { informer.stop() }
        #expect(Self.names(try informer.current()) == ["nb-ann", "prepull-a"])
        #expect(try await eventually { informer.isWatching && harness.server.openWatchCount == 1 })
        let requests = harness.server.kubernetesRequestCount

        harness.server.setPods([Self.pod("nublado", "prepull-a", "prepuller"), Self.pod("nublado-bob", "nb-bob", "lab")])
        #expect(try await eventually { Self.names(try informer.current()) == ["nb-bob", "prepull-a"] })
        #expect(harness.server.kubernetesRequestCount == requests)

        // The server ends the stream early: the informer stops trusting its cache and lists again.
        harness.server.endWatches()
        #expect(try await eventually { !informer.isWatching })
        harness.server.setPods([Self.pod("nublado-cat", "nb-cat", "lab")])
        #expect(Self.names(try informer.current()) == ["nb-cat"])
        #expect(harness.server.kubernetesRequestCount > requests)
    }
}
