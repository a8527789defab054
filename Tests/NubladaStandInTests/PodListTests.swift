import Foundation
import Testing
@testable import NubladaStandIn

@Suite("Kubernetes listener: pods")
struct PodListTests {
    static let category = "nublado.lsst.io/category"

    /// Prepull pods in `nublado`, labs in users' namespaces, and one pod of another category.
    static let pods: [StandInPod] = [
        StandInPod(namespace: "nublado", name: "prepull-w-2026-44-node-b", labels: [category: "prepuller"], nodeName: "node-b",
                   phase: "Pending", creationTimestamp: "2026-10-29T11:06:00Z", containerName: "prepull",
                   image: "r/p/i:w_2026_44@sha256:aa", waitingReason: "ErrImagePull", waitingMessage: "not found",
                   ownerPod: "nublado-controller-1"),
        StandInPod(namespace: "nublado", name: "prepull-w-2026-44-node-a", labels: [category: "prepuller"], nodeName: "node-a",
                   phase: "Pending", creationTimestamp: "2026-10-29T11:06:00Z", containerName: "prepull",
                   image: "r/p/i:w_2026_44@sha256:aa"),
        StandInPod(namespace: "nublado-ann", name: "nb-ann", labels: [category: "lab"], nodeName: "node-a",
                   phase: "Running", creationTimestamp: "2026-10-28T09:00:00Z", containerName: "notebook", image: "r/p/i@sha256:bb"),
        StandInPod(namespace: "nublado-bob", name: "nb-bob", labels: [category: "lab"], nodeName: "node-b",
                   phase: "Running", creationTimestamp: "2026-10-28T09:00:00Z", containerName: "notebook", image: "r/p/i@sha256:aa"),
        StandInPod(namespace: "nublado-ann", name: "fileserver", labels: [category: "fileserver"], nodeName: "node-a",
                   phase: "Running", creationTimestamp: "2026-10-28T09:00:00Z", containerName: "fs", image: "x:1"),
    ]

    static func keys(_ reply: CurlResult) -> [String] {
        ((reply.object?["items"] as? [[String: Any]]) ?? []).compactMap {
            guard let metadata = $0["metadata"] as? [String: Any] else { return nil }
            return "\(metadata["namespace"] as? String ?? "?")/\(metadata["name"] as? String ?? "?")"
        }
    }

    @Test("the set selector lists prepull and lab pods across namespaces, sorted by namespace and name")
    func setSelector() async throws {
        let standIn = try RunningStandIn()
        standIn.server.setPods(Self.pods)
        let reply = try await standIn.kube("/api/v1/pods?labelSelector=nublado.lsst.io%2Fcategory%20in%20%28prepuller%2Clab%29")
        #expect(reply.status == 200)
        #expect(reply.object?["kind"] as? String == "PodList")
        // The apiserver's order: by key, byte-wise ("-" sorts before "/").
        #expect(Self.keys(reply) == [
            "nublado-ann/nb-ann", "nublado-bob/nb-bob", "nublado/prepull-w-2026-44-node-a", "nublado/prepull-w-2026-44-node-b",
        ])
        let all = try await standIn.kube("/api/v1/pods")
        #expect(Self.keys(all).count == 5)
        let labs = try await standIn.kube("/api/v1/pods?labelSelector=nublado.lsst.io%2Fcategory%3Dlab")
        #expect(Self.keys(labs) == ["nublado-ann/nb-ann", "nublado-bob/nb-bob"])
    }

    @Test("limit and continue page through the pods once; a token of older pods expires")
    func paging() async throws {
        let standIn = try RunningStandIn()
        standIn.server.setPods(Self.pods)
        var keys: [String] = []
        var token: String? = nil
        var pages = 0
        repeat {
            let page = try await standIn.kube("/api/v1/pods?limit=2" + (token.map { "&continue=\($0)" } ?? ""))
            #expect(page.status == 200)
            keys += Self.keys(page)
            token = page.listMetadata["continue"] as? String
            pages += 1
        } while token != nil && pages < 10
        #expect(pages == 3)
        #expect(keys == Self.keys(try await standIn.kube("/api/v1/pods")))

        let first = try await standIn.kube("/api/v1/pods?limit=2")
        standIn.server.setPods(Array(Self.pods.dropLast()))
        let stale = try await standIn.kube("/api/v1/pods?limit=2&continue=\(first.listMetadata["continue"] as? String ?? "")")
        #expect(stale.status == 410)
    }

    @Test("a pod carries what clients read: node, phase, image, waiting reason and message, owner")
    func podObject() async throws {
        let standIn = try RunningStandIn()
        standIn.server.setPods(Self.pods)
        let reply = try await standIn.kube("/api/v1/pods?labelSelector=nublado.lsst.io%2Fcategory%3Dprepuller")
        let pod = try #require((reply.object?["items"] as? [[String: Any]])?.last)
        let metadata = pod["metadata"] as? [String: Any]
        #expect((metadata?["labels"] as? [String: String])?[Self.category] == "prepuller")
        #expect(metadata?["creationTimestamp"] as? String == "2026-10-29T11:06:00Z")
        #expect(((metadata?["ownerReferences"] as? [[String: Any]])?.first?["name"] as? String) == "nublado-controller-1")
        let spec = pod["spec"] as? [String: Any]
        #expect(spec?["nodeName"] as? String == "node-b")
        #expect(((spec?["containers"] as? [[String: Any]])?.first?["image"] as? String) == "r/p/i:w_2026_44@sha256:aa")
        let status = pod["status"] as? [String: Any]
        #expect(status?["phase"] as? String == "Pending")
        let waiting = (((status?["containerStatuses"] as? [[String: Any]])?.first?["state"] as? [String: Any])?["waiting"]
            as? [String: Any])
        #expect(waiting?["reason"] as? String == "ErrImagePull" && waiting?["message"] as? String == "not found")
    }

    @Test("the forbidden switch answers pod requests 403 and leaves nodes alone; a bad selector is 400")
    func forbidden() async throws {
        let standIn = try RunningStandIn()
        standIn.server.setPods(Self.pods)
        standIn.server.podsForbidden = true
        let pods = try await standIn.kube("/api/v1/pods")
        #expect(pods.status == 403)
        #expect(pods.object?["reason"] as? String == "Forbidden")
        #expect(try await standIn.kube("/api/v1/nodes").status == 200)
        standIn.server.podsForbidden = false
        #expect(try await standIn.kube("/api/v1/pods").status == 200)
        #expect(try await standIn.kube("/api/v1/pods?labelSelector=a%20in%20b").status == 400)
    }
}

@Suite("Kubernetes pod watch")
struct PodWatchTests {
    static func pod(_ namespace: String, _ name: String, _ category: String, phase: String = "Running") -> StandInPod {
        StandInPod(namespace: namespace, name: name, labels: [PodListTests.category: category], nodeName: "node-a", phase: phase,
                   creationTimestamp: "2026-10-28T09:00:00Z", containerName: "notebook", image: "r/p/i@sha256:\(name)")
    }

    static let selector = "labelSelector=nublado.lsst.io%2Fcategory%20in%20%28prepuller%2Clab%29"

    @Test("changes after the list's version stream in key order; a pod leaving the selector is DELETED")
    func changes() async throws {
        let standIn = try RunningStandIn()
        standIn.server.setPods([
            Self.pod("nublado", "prepull-a", "prepuller", phase: "Pending"), Self.pod("nublado-ann", "nb-ann", "lab"),
            Self.pod("nublado-bob", "nb-bob", "lab"),
        ])
        let version = standIn.server.podsResourceVersion
        #expect(version == "4")  // 1 when empty, then one per pod added
        let watch = try standIn.watch("\(Self.selector)&resourceVersion=\(version)", path: "/api/v1/pods")
        standIn.server.setPods([
            Self.pod("nublado", "prepull-a", "prepuller", phase: "Succeeded"),  // modified
            Self.pod("nublado-ann", "nb-ann", "fileserver"),  // leaves the selector
            Self.pod("nublado-cat", "nb-cat", "lab"),  // added; nb-bob is gone
        ])
        #expect(await watch.next(4).map(\.summary) == [
            "DELETED nb-ann@5", "DELETED nb-bob@6", "ADDED nb-cat@7", "MODIFIED prepull-a@8",
        ])
        // Unchanged data is no event.
        standIn.server.setPods([
            Self.pod("nublado", "prepull-a", "prepuller", phase: "Succeeded"), Self.pod("nublado-ann", "nb-ann", "fileserver"),
            Self.pod("nublado-cat", "nb-cat", "lab"), Self.pod("nublado-dan", "nb-dan", "lab"),
        ])
        #expect(await watch.next()?.summary == "ADDED nb-dan@9")
    }

    @Test("a watch from no version starts with ADDED for every matching pod (each at its version)")
    func initial() async throws {
        let standIn = try RunningStandIn()
        standIn.server.setPods([Self.pod("nublado-ann", "nb-ann", "lab"), Self.pod("nublado-ann", "fs", "fileserver")])
        let watch = try standIn.watch(Self.selector, path: "/api/v1/pods")
        #expect(await watch.next()?.summary == "ADDED nb-ann@3")
    }

    @Test("a version older than the kept changes is an ERROR 410 Expired event")
    func expired() async throws {
        let standIn = try RunningStandIn()
        standIn.server.setPods((0...PodDataset.historyCapacity).map { Self.pod("nublado-u\($0)", "nb", "lab") })
        let watch = try standIn.watch("resourceVersion=1", path: "/api/v1/pods")
        let event = await watch.next()
        #expect(event?.type == "ERROR")
        #expect(event?.object["code"] as? Int == 410)
    }

    @Test("a forbidden watch is 403 too")
    func forbidden() async throws {
        let standIn = try RunningStandIn()
        standIn.server.podsForbidden = true
        #expect(try await standIn.kube("/api/v1/pods?watch=1").status == 403)
    }
}
