import Foundation
import Synchronization
import Testing
@testable import NubladaClients
import NubladaEngine
import NubladaStandIn
import NubladaTestSupport

@Suite("Pod list decoding")
struct PodDecodingTests {
    static let page = #"""
        {"kind":"PodList","metadata":{"resourceVersion":"41","continue":"abc"},"items":[
         {"metadata":{"name":"prepull-w-2026-44-node-a","namespace":"nublado","resourceVersion":"40",
           "creationTimestamp":"2026-10-29T11:06:00Z","labels":{"nublado.lsst.io/category":"prepuller"},
           "ownerReferences":[{"kind":"Pod","name":"nublado-controller-1","uid":"x"}]},
          "spec":{"nodeName":"node-a","containers":[{"name":"prepull","image":"r/p/i:w_2026_44@sha256:aa","command":["/bin/true"]}]},
          "status":{"phase":"Pending","containerStatuses":[{"name":"prepull","ready":false,
            "state":{"waiting":{"reason":"ImagePullBackOff","message":"Back-off pulling image"}}}]}},
         {"metadata":{"name":"nb-ann","namespace":"nublado-ann","labels":{"nublado.lsst.io/category":"lab"}},
          "spec":{"nodeName":"node-b","containers":[{"name":"sidecar","image":"other:1"},{"name":"notebook","image":"r/p/i@sha256:bb"}]},
          "status":{"phase":"Running","containerStatuses":[{"name":"notebook","state":{"running":{}}}]}},
         {"metadata":{"name":"fileserver","namespace":"nublado-ann","labels":{"nublado.lsst.io/category":"fileserver"}},
          "spec":{"containers":[{"name":"fs","image":"x:1"}]}}
        ]}
        """#

    @Test("a PodList page: prepull and lab pods with the fields activity reads; other categories left out")
    func decode() throws {
        let page = try JSONDecoder().decode(PodListPage.self, from: Data(Self.page.utf8))
        #expect(page.metadata?.continue == "abc" && page.metadata?.resourceVersion == "41")
        let pods = (page.items ?? []).map(\.labPod)
        #expect(pods.count == 3)
        #expect(pods[0] == LabPod(
            namespace: "nublado", name: "prepull-w-2026-44-node-a", category: .prepuller, nodeName: "node-a",
            phase: "Pending", createdAt: RFC3339.parse("2026-10-29T11:06:00Z"), image: "r/p/i:w_2026_44@sha256:aa",
            waitingReason: "ImagePullBackOff", waitingMessage: "Back-off pulling image", owner: "Pod/nublado-controller-1"))
        #expect(pods[1] == LabPod(
            namespace: "nublado-ann", name: "nb-ann", category: .lab, nodeName: "node-b", phase: "Running",
            createdAt: nil, image: "r/p/i@sha256:bb"))
        #expect(pods[2] == nil)
        #expect(page.items?[1].cacheKey == "nublado-ann/nb-ann")
    }

    @Test("a pod watch event") func event() throws {
        let line = #"{"type":"DELETED","object":{"metadata":{"name":"p","namespace":"n","resourceVersion":"9","labels":{"nublado.lsst.io/category":"lab"}}}}"#
        let pod = try #require(bound(WatchEvent<PodListPage.Pod>.parse(Data(line.utf8))) { if case .deleted(let pod)? = $0 { pod } else { nil } }, "not DELETED")
        #expect(pod.resourceVersion == "9" && pod.cacheKey == "n/p")
    }

    @Test("the selector lists both categories") func selector() {
        #expect(PodListPage.labelSelector == "nublado.lsst.io/category in (prepuller,lab)")
    }
}

@Suite("Pod informer failures against the stand-in", .serialized)
struct PodInformerFailureTests {
    /// A clock the test moves by hand.
    final class ManualClock: Sendable {
        let now = Mutex(1000.0)
        func advance(_ seconds: Double) { now.withLock { $0 += seconds } }
        var reading: @Sendable () -> Double { { [self] in now.withLock { $0 } } }
    }

    @Test("a 403 is reported as the missing permission and never asked again")
    func forbidden() throws {
        let harness = try StandInHarness(nodes: 2)
        harness.server.failKubernetes(next: 100, status: 403)
        let informer = PodInformer(client: harness.kubernetes())
        defer { informer.stop() }
        harness.server.resetCounters()
        #expect(try informer.current() == .forbidden(PodInformer.forbiddenMessage))
        #expect(harness.server.kubernetesRequestCount == 1)
        for _ in 0..<5 { #expect(try informer.current() == .forbidden(PodInformer.forbiddenMessage)) }
        #expect(harness.server.kubernetesRequestCount == 1)
        #expect(!informer.isWatching)
    }

    @Test("after another failure the error is repeated without a request until the backoff has passed")
    func backoff() throws {
        let harness = try StandInHarness(nodes: 2)
        harness.server.failKubernetes(next: 100, status: 500)
        let clock = ManualClock()
        let informer = PodInformer(client: harness.kubernetes(), clock: clock.reading)
        defer { informer.stop() }
        harness.server.resetCounters()
        #expect(throws: KubernetesError.self) { try informer.current() }
        #expect(harness.server.kubernetesRequestCount == 1)
        clock.advance(4)
        let error = #expect(throws: KubernetesError.self) { try informer.current() }
        #expect(error?.description.contains("HTTP 500 listing pods") == true)
        #expect(harness.server.kubernetesRequestCount == 1)
        clock.advance(2)
        #expect(throws: KubernetesError.self) { try informer.current() }
        #expect(harness.server.kubernetesRequestCount == 2)
        // The second failure doubles the wait.
        clock.advance(9)
        #expect(throws: KubernetesError.self) { try informer.current() }
        #expect(harness.server.kubernetesRequestCount == 2)
        clock.advance(2)
        #expect(throws: KubernetesError.self) { try informer.current() }
        #expect(harness.server.kubernetesRequestCount == 3)
    }
}
