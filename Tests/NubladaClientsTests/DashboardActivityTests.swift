import Foundation
import Testing
@testable import NubladaClients
import NubladaEngine
@testable import NubladaStandIn
import NubladaTestSupport

@Suite("The dashboard's refresh reads the controller's pods", .serialized)
struct DashboardActivityTests {
    static func refresher(_ harness: StandInHarness, namespace: ControllerNamespace = ActivitySettings.defaultControllerNamespace) throws
        -> ClusterRefresher {
        try ClusterRefresher.make(
            configPath: harness.configFile(), kubeconfig: harness.kubeconfigFile(), context: nil,
            registryEndpoint: harness.server.registryURL, controllerNamespace: namespace,
            environment: ["GOOGLE_OAUTH_ACCESS_TOKEN": "registry-token"])
    }

    /// A prepull pod in `namespace` failing to pull the first prepull image on the first node
    /// that lacks it, and a lab pod running it.
    static func pods(_ data: DashboardData?, namespace: String) throws -> (node: String, digest: String, pods: [StandInPod]) {
        let data = try #require(data)
        let column = try #require(data.columns.first)
        let node = try #require(data.nodes.first { $0.eligible && $0.cells.first == .missing })
        let created = RFC3339.format(data.refreshedAt - 60)
        let prepull = StandInPod(
            namespace: namespace, name: "prepull-\(column.tag)-\(node.name)", labels: ["nublado.lsst.io/category": "prepuller"],
            nodeName: node.name, phase: "Pending", creationTimestamp: created, containerName: "prepull",
            image: column.reference, waitingReason: "ErrImagePull", waitingMessage: "rpc error: not found")
        let lab = StandInPod(
            namespace: "nublado-ann", name: "nb-ann", labels: ["nublado.lsst.io/category": "lab"], nodeName: node.name,
            phase: "Running", creationTimestamp: created, containerName: "notebook", image: column.reference)
        return (node.name, column.digest, [prepull, lab])
    }

    @Test("each refresh computes the activity from the picture and the informer's pods, in the controller's namespace")
    func activity() async throws {
        let harness = try StandInHarness(nodes: 6, tags: 30)
        let refresher = try Self.refresher(harness, namespace: ControllerNamespace("lab-controller"))
        defer { refresher.stopWatching() }
        let first = try refresher.refreshDashboard(now: 1000)
        #expect(first.activity == .activity(ClusterActivity(data: try #require(first.data), pods: [], now: 1000,
                                                            settings: refresher.activitySettings)))
        // The whole picture comes with the data (`serve`'s `/snapshot` writes its documents).
        #expect(try #require(first.picture).dashboard == first.data)
        let (node, digest, pods) = try Self.pods(first.data, namespace: "lab-controller")
        var elsewhere = pods[0]
        elsewhere.namespace = "nublado"
        elsewhere.name = "not-the-controllers"
        harness.server.setPods(pods + [elsewhere])
        #expect(try await eventually {
            try refresher.refreshDashboard(now: 1000).activity?.activity?.state(node: node, digest: digest) == .failing
        })
        let refresh = try refresher.refreshDashboard(now: 1000)
        let activity = try #require(refresh.activity?.activity)
        #expect(refresh.failure == nil)
        #expect(activity.totals == .init(failing: 1))
        #expect(activity.prepullPods.map(\.pod.name) == [pods[0].name])
        #expect(activity.inUse[digest]?.namespaces == ["nublado-ann"])
        // The controller's prepullTimeout (10 minutes by default) later, the same pod is stuck.
        #expect(try refresher.refreshDashboard(now: 1000 + 601).activity?.activity?.state(node: node, digest: digest) == .stuck)
    }

    @Test("pods failing after a success: the last pods still give the activity, and the failure names pods")
    func podsFailLater() async throws {
        let harness = try StandInHarness(nodes: 6, tags: 30)
        let refresher = try Self.refresher(harness)
        defer { refresher.stopWatching() }
        let first = try refresher.refreshDashboard(now: 1000)
        let (node, digest, pods) = try Self.pods(first.data, namespace: "nublado")
        harness.server.setPods(pods)
        #expect(try await eventually {
            try refresher.refreshDashboard(now: 1000).activity?.activity?.state(node: node, digest: digest) == .failing
        })
        // Both streams end; the next lists (nodes and pods) fail.
        harness.server.endWatches()
        #expect(await eventually { !refresher.nodeInformer.isWatching && !refresher.podInformer.isWatching })
        harness.server.failKubernetes(next: 100, status: 500)
        let refresh = try refresher.refreshDashboard(now: 1010)
        #expect(refresh.failure?.message.contains("listing pods") == true, "\(refresh.failure?.message ?? "")")
        #expect(refresh.failure?.failure(of: .pods)?.kind == .httpStatus, "the pods' side failed with the server's 500")
        #expect(refresh.failure?.failure(of: .pods)?.status == 500)
        #expect(refresh.activity?.activity?.state(node: node, digest: digest) == .failing)
        #expect(refresh.activity?.activity?.inUse[digest]?.namespaces == ["nublado-ann"])
    }

    @Test("a 403 on pods: the picture and no failure, the missing permission as the activity, never asked again")
    func forbidden() async throws {
        let harness = try StandInHarness(nodes: 6, tags: 30)
        harness.server.podsForbidden = true
        let refresher = try Self.refresher(harness)
        defer { refresher.stopWatching() }
        let first = try refresher.refreshDashboard(now: 1000)
        #expect(first.activity == .error(PodInformer.forbiddenMessage))
        #expect(first.failure == nil)
        #expect(first.data?.nodes.count == 6)
        #expect(await eventually { refresher.nodeInformer.isWatching && harness.server.openWatchCount == 1 })
        let requests = harness.server.kubernetesRequestCount
        for second in 1...5 {
            let refresh = try refresher.refreshDashboard(now: 1000 + Double(second))
            #expect(refresh.activity == .error(PodInformer.forbiddenMessage))
            #expect(refresh.failure == nil)
        }
        #expect(harness.server.kubernetesRequestCount == requests)
        #expect(!refresher.podInformer.isWatching)
    }
}
