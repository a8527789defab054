import Foundation
import NubladaEngine
import Testing
@testable import NubladaStandIn
import NubladaTestSupport

@Suite("Kubernetes listener")
struct KubernetesTests {
    @Test("limit and continue page through every node once, in name order")
    func paging() async throws {
        let standIn = try RunningStandIn()
        standIn.server.setNodes(Samples.nodes(7))
        var names: [String] = []
        var counts: [Int] = []
        var remaining: [Int?] = []
        var token: String? = nil
        repeat {
            let page = try await standIn.kube("/api/v1/nodes?limit=3" + (token.map { "&continue=\($0)" } ?? ""))
            #expect(page.status == 200)
            #expect(page.object?["kind"] as? String == "NodeList")
            #expect(page.object?["apiVersion"] as? String == "v1")
            #expect(page.listMetadata["resourceVersion"] as? String == standIn.server.nodesResourceVersion)
            names += page.itemNames
            counts.append(page.itemNames.count)
            remaining.append(page.listMetadata["remainingItemCount"] as? Int)
            token = page.listMetadata["continue"] as? String
        } while token != nil && counts.count < 10
        #expect(counts == [3, 3, 1])
        #expect(remaining == [4, 1, nil])
        #expect(names == Samples.nodes(7).map(\.name).sorted())

        let all = try await standIn.kube("/api/v1/nodes")
        #expect(all.itemNames.count == 7)
        #expect(all.listMetadata["continue"] == nil)
    }

    @Test("label selectors filter like the apiserver", arguments: [
        ("pool=core", ["node-0", "node-3", "node-6"]),
        ("pool==user,zone=z1", ["node-1", "node-5"]),
        ("pool!=core", ["node-1", "node-2", "node-4", "node-5"]),
        ("gpu", ["node-0", "node-4"]),
        ("!gpu,zone=z0", ["node-2", "node-6"]),
        ("pool in (core,gpu),zone notin (z0)", ["node-3"]),
        ("missing=x", []),
    ])
    func labelSelectors(selector: String, expected: [String]) async throws {
        let standIn = try RunningStandIn()
        standIn.server.setNodes(Samples.nodes(7))
        let encoded = selector.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? selector
        let reply = try await standIn.kube("/api/v1/nodes?labelSelector=\(encoded)")
        #expect(reply.status == 200)
        #expect(reply.itemNames == expected)
    }

    @Test("a selector and a limit page over the matches only")
    func selectorPaging() async throws {
        let standIn = try RunningStandIn()
        standIn.server.setNodes(Samples.nodes(7))
        let first = try await standIn.kube("/api/v1/nodes?labelSelector=pool%3Duser&limit=3")
        #expect(first.itemNames == ["node-1", "node-2", "node-4"])
        #expect(first.listMetadata["remainingItemCount"] == nil)
        let token = try #require(first.listMetadata["continue"] as? String)
        let second = try await standIn.kube("/api/v1/nodes?labelSelector=pool%3Duser&limit=3&continue=\(token)")
        #expect(second.itemNames == ["node-5"])
        #expect(second.listMetadata["continue"] == nil)
    }

    @Test("an unparsable selector is 400 BadRequest")
    func badSelector() async throws {
        let standIn = try RunningStandIn()
        let reply = try await standIn.kube("/api/v1/nodes?labelSelector=%3Dx")
        #expect(reply.status == 400)
        #expect(reply.object?["reason"] as? String == "BadRequest")
    }

    @Test("a continue token from before the data was replaced is 410 Expired")
    func staleContinue() async throws {
        let standIn = try RunningStandIn()
        standIn.server.setNodes(Samples.nodes(5))
        let first = try await standIn.kube("/api/v1/nodes?limit=2")
        let token = try #require(first.listMetadata["continue"] as? String)
        // Still valid while the data is unchanged.
        #expect(try await standIn.kube("/api/v1/nodes?limit=2&continue=\(token)").status == 200)

        standIn.server.setNodes(Samples.nodes(6))
        let stale = try await standIn.kube("/api/v1/nodes?limit=2&continue=\(token)")
        #expect(stale.status == 410)
        #expect(stale.object?["kind"] as? String == "Status")
        #expect(stale.object?["status"] as? String == "Failure")
        #expect(stale.object?["reason"] as? String == "Expired")
        #expect(stale.object?["code"] as? Int == 410)
        #expect((stale.object?["message"] as? String)?.hasPrefix("The provided continue parameter is too old") == true)

        let garbage = try await standIn.kube("/api/v1/nodes?limit=2&continue=bm90LWEtdG9rZW4")
        #expect(garbage.status == 400)
    }

    @Test("a NodeList document is served item by item; single nodes by name")
    func documentAndGet() async throws {
        let standIn = try RunningStandIn()
        let document = """
            {"apiVersion": "v1", "kind": "NodeList", "metadata": {"resourceVersion": "99999"},
             "items": [
              {"apiVersion": "v1", "kind": "Node",
               "metadata": {"name": "gke-b", "labels": {"node_pool": "user-lab-pool"}},
               "status": {"images": [{"names": ["a@sha256:00", "a:w_2025_01"], "sizeBytes": 5721276511}]}},
              {"apiVersion": "v1", "kind": "Node", "metadata": {"name": "gke-a"}, "spec": {"unschedulable": true}}
             ]}
            """
        try standIn.server.setNodes(json: Data(document.utf8))
        #expect(standIn.server.nodesResourceVersion == "99999")
        let list = try await standIn.kube("/api/v1/nodes?labelSelector=node_pool%3Duser-lab-pool")
        #expect(list.itemNames == ["gke-b"])
        #expect(list.text.contains(#""sizeBytes":5721276511"#))

        let node = try await standIn.kube("/api/v1/nodes/gke-a")
        #expect(node.status == 200)
        #expect((node.object?["spec"] as? [String: Any])?["unschedulable"] as? Bool == true)

        let missing = try await standIn.kube("/api/v1/nodes/gke-zzz")
        #expect(missing.status == 404)
        #expect(missing.object?["reason"] as? String == "NotFound")
        #expect(missing.object?["message"] as? String == "nodes \"gke-zzz\" not found")

        // Replacing with the same document still moves the resourceVersion on.
        try standIn.server.setNodes(json: Data(document.utf8))
        #expect(standIn.server.nodesResourceVersion == "100000")
        #expect(throws: StandInError.self) { try standIn.server.setNodes(json: Data("{\"items\": [".utf8)) }
    }

    @Test("401 Status without the token; unauthorized switch; /stats needs nothing")
    func unauthorized() async throws {
        let standIn = try RunningStandIn()
        standIn.server.setNodes(Samples.nodes(2))
        for token: String? in [nil, "wrong"] {
            let reply = try await standIn.kube("/api/v1/nodes", token: .some(token))
            #expect(reply.status == 401)
            #expect(reply.object?["kind"] as? String == "Status")
            #expect(reply.object?["reason"] as? String == "Unauthorized")
            #expect(reply.object?["code"] as? Int == 401)
        }
        standIn.server.unauthorized = true
        #expect(try await standIn.kube("/api/v1/nodes").status == 401)
        let stats = try await standIn.kube("/stats", token: .some(nil))
        #expect(stats.status == 200)
        #expect(stats.object?["kubernetesRequests"] as? Int == 3)
        #expect(stats.object?["nodes"] as? Int == 2)
        #expect(standIn.server.kubernetesRequestCount == 3)
        let registryStats = try await standIn.registry("/stats", token: .some(nil))
        #expect(registryStats.object?["kubernetesRequests"] as? Int == 3)
    }

    @Test("Kubernetes failure burst, malformed lists and recovery")
    func faults() async throws {
        let standIn = try RunningStandIn()
        standIn.server.setNodes(Samples.nodes(3))
        standIn.server.failKubernetes(next: 2, status: 500)
        let first = try await standIn.kube("/api/v1/nodes")
        #expect(first.status == 500)
        #expect(first.object?["reason"] as? String == "InternalError")
        #expect(try await standIn.kube("/api/v1/nodes").status == 500)
        #expect(try await standIn.kube("/api/v1/nodes").itemNames.count == 3)

        standIn.server.malformedKubernetes = true
        let broken = try await standIn.kube("/api/v1/nodes")
        #expect(broken.status == 200)
        #expect(broken.object == nil)
        #expect(!standIn.server.malformedRegistry)
        standIn.server.clearFaults()
        #expect(try await standIn.kube("/api/v1/nodes").itemNames.count == 3)
    }

    @Test("discovery documents and 404 Status for unknown paths")
    func discovery() async throws {
        let standIn = try RunningStandIn()
        let version = try await standIn.kube("/version", token: .some(nil))
        #expect(version.status == 200)
        #expect(version.object?["major"] as? String == "1")
        let api = try await standIn.kube("/api")
        #expect(api.object?["kind"] as? String == "APIVersions")
        #expect(api.object?["versions"] as? [String] == ["v1"])
        let apis = try await standIn.kube("/apis")
        #expect(apis.object?["kind"] as? String == "APIGroupList")
        let resources = try await standIn.kube("/api/v1")
        #expect(resources.object?["kind"] as? String == "APIResourceList")
        let names = ((resources.object?["resources"] as? [[String: Any]]) ?? []).compactMap { $0["name"] as? String }
        #expect(names.contains("nodes") && names.contains("pods"))
        let unknown = try await standIn.kube("/api/v1/services")
        #expect(unknown.status == 404)
        #expect(unknown.object?["kind"] as? String == "Status")
        #expect(unknown.object?["reason"] as? String == "NotFound")
    }
}
