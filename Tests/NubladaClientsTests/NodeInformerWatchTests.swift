import Foundation
import Testing
@testable import NubladaClients
import NubladaEngine
@testable import NubladaStandIn
import NubladaTestSupport

@Suite("Node informer against the stand-in", .serialized)
struct NodeInformerTests {
    @Test("lists once, then follows changes through the watch without listing again") func follows() async throws {
        let harness = try StandInHarness(nodes: 6)
        let informer = NodeInformer(client: harness.kubernetes(), labelSelector: "")
        defer { informer.stop() }
        let first = try informer.current()
        #expect(first.nodes.map(\.name) == harness.dataset.nodes.map(\.name).sorted())
        #expect(try await eventually { informer.isWatching && harness.server.kubernetesRequestCount >= 2 })
        let requestsAfterWatch = harness.server.kubernetesRequestCount

        var changed = harness.dataset.nodes[0]
        changed.labels["changed"] = "yes"
        harness.server.setNode(changed)
        #expect(try await eventually { try informer.current().nodes.first { $0.name == changed.name }?.labels["changed"] == "yes" })
        #expect(try informer.current().generation > first.generation)

        #expect(harness.server.removeNode(named: harness.dataset.nodes[1].name))
        #expect(try await eventually { try informer.current().nodes.count == 5 })
        var added = harness.dataset.nodes[2]
        added.name = "gke-new-node"
        harness.server.setNode(added)
        #expect(try await eventually { try informer.current().nodes.contains { $0.name == "gke-new-node" } })
        // Every change came through the one watch request.
        #expect(harness.server.kubernetesRequestCount == requestsAfterWatch)
    }

    @Test("the dashboard reuses its picture while nothing changes, and recomputes when a node does") func dashboardReuse() async throws {
        let harness = try StandInHarness(nodes: 6, tags: 30)
        let refresher = try ClusterRefresher.make(
            configPath: harness.configFile(), kubeconfig: harness.kubeconfigFile(), context: nil,
            registryEndpoint: harness.server.registryURL, environment: ["GOOGLE_OAUTH_ACCESS_TOKEN": "registry-token"])
        defer { refresher.stopWatching() }
        let first = try #require(try refresher.refreshDashboard(now: 100).data)
        // One list, then the watch request, for nodes and for pods.
        #expect(await eventually {
            refresher.nodeInformer.isWatching && refresher.podInformer.isWatching && harness.server.openWatchCount == 2
        })
        let kubeRequests = harness.server.kubernetesRequestCount
        let second = try #require(try refresher.refreshDashboard(now: 105).data)
        #expect(second.refreshedAt == 105)
        #expect(second.nodes == first.nodes && second.images == first.images)
        #expect(harness.server.kubernetesRequestCount == kubeRequests)

        var node = harness.dataset.nodes[0]
        node.taints = [Taint(key: "maintenance", effect: "NoSchedule")]
        harness.server.setNode(node)
        #expect(try await eventually {
            try refresher.refreshDashboard(now: 110).data?.nodes.first { $0.name == node.name }?.eligible == false
        })
    }
}
