import Foundation
import NubladaEngine
import NubladaProcess
import NubladaWork
import Testing
@testable import NubladaStandIn
import NubladaTestSupport
@testable import NubladaDemo

@Suite("Kubernetes node watch")
struct WatchTests {
    /// `name` with new labels (and the sample image), for a MODIFIED event.
    static func node(_ name: String, _ labels: [String: String]) -> ClusterNode {
        ClusterNode(name: name, labels: labels,
                    images: [NodeImage(names: ["us-central1-docker.pkg.dev/proj/sciplat/sciplat-lab@sha256:"
                                               + String(repeating: "cd", count: 32)], sizeBytes: 200)])
    }

    @Test("changes after the list's resourceVersion stream in order, each with its own resourceVersion")
    func changes() async throws {
        let standIn = try RunningStandIn()
        standIn.server.setNodes(Samples.nodes(3))
        let list = try await standIn.kube("/api/v1/nodes")
        let listVersion = try #require(list.listMetadata["resourceVersion"] as? String)
        #expect(listVersion == "4")  // 1 when empty, then one version per node added

        let watch = try standIn.watch("resourceVersion=\(listVersion)")

        standIn.server.setNode(Self.node("node-1", ["pool": "core", "changed": "yes"]))
        #expect(standIn.server.removeNode(named: "node-2"))
        standIn.server.setNode(Self.node("node-9", ["pool": "user"]))
        let first = await watch.next(3)
        #expect(first.map(\.summary) == ["MODIFIED node-1@5", "DELETED node-2@6", "ADDED node-9@7"])
        #expect(first.first?.labels == ["pool": "core", "changed": "yes"])
        #expect(first.first?.object["kind"] as? String == "Node")
        // A deleted node's last state, at the deletion's version.
        #expect(first.dropFirst().first?.labels == ["pool": "user", "zone": "z0"])

        // Replacement: node-0 unchanged (no event), node-1 back to its sample, node-3 new,
        // node-9 gone; name order, one version each.
        let samples = Samples.nodes(4)
        standIn.server.setNodes([samples[0], samples[1], samples[3]])
        #expect(await watch.next(3).map(\.summary) == ["MODIFIED node-1@8", "ADDED node-3@9", "DELETED node-9@10"])
        #expect(standIn.server.removeNode(named: "node-0"))
        #expect(await watch.next()?.summary == "DELETED node-0@11")

        let after = try await standIn.kube("/api/v1/nodes")
        #expect(after.listMetadata["resourceVersion"] as? String == "11")
        let versions = ((after.object?["items"] as? [[String: Any]]) ?? []).map {
            (($0["metadata"] as? [String: Any])?["name"] as? String ?? "", ($0["metadata"] as? [String: Any])?["resourceVersion"] as? String ?? "")
        }
        #expect(versions.map(\.0) == ["node-1", "node-3"])
        #expect(versions.map(\.1) == ["8", "9"])
    }

    @Test("a selector watch sends ADDED when a node starts to match and DELETED when it stops")
    func selector() async throws {
        let standIn = try RunningStandIn()
        standIn.server.setNodes(Samples.nodes(7))  // core: node-0, node-3, node-6
        let version = Int(standIn.server.nodesResourceVersion) ?? 0
        let watch = try standIn.watch("labelSelector=pool%3Dcore&resourceVersion=\(version)")

        standIn.server.setNode(Self.node("node-1", ["pool": "core"]))  // enters
        standIn.server.setNode(Self.node("node-0", ["pool": "user"]))  // leaves
        standIn.server.setNode(Self.node("node-2", ["pool": "user", "x": "1"]))  // never matches
        standIn.server.setNode(Self.node("node-3", ["pool": "core", "x": "1"]))  // stays
        standIn.server.removeNode(named: "node-4")  // never matched
        standIn.server.removeNode(named: "node-6")  // matched
        standIn.server.setNode(Self.node("node-7", ["pool": "core"]))  // new, matches
        let events = await watch.next(5)
        let v = version
        #expect(events.map(\.summary) == [
            "ADDED node-1@\(v + 1)", "DELETED node-0@\(v + 2)", "MODIFIED node-3@\(v + 4)", "DELETED node-6@\(v + 6)",
            "ADDED node-7@\(v + 7)",
        ])
        // The node that left is sent as it was while it matched.
        #expect(events.dropFirst().first?.labels["pool"] == "core")
    }

    @Test("resourceVersion 0 or none starts with ADDED for every current node", arguments: ["resourceVersion=0", ""])
    func synthetic(query: String) async throws {
        let standIn = try RunningStandIn()
        standIn.server.setNodes(Samples.nodes(4))
        let watch = try standIn.watch(query)
        #expect(await watch.next(4).map(\.summary) == ["ADDED node-0@2", "ADDED node-1@3", "ADDED node-2@4", "ADDED node-3@5"])
        standIn.server.setNode(Self.node("node-2", ["pool": "other"]))
        #expect(await watch.next()?.summary == "MODIFIED node-2@6")

        // With a selector, only the matching nodes; then changes (node-3 starts to match).
        let selected = try standIn.watch("watch=true&labelSelector=gpu")
        #expect(await selected.next()?.summary == "ADDED node-0@2")
        standIn.server.setNode(Self.node("node-3", ["gpu": "true"]))
        #expect(await selected.next()?.summary == "ADDED node-3@7")
    }

    @Test("a resourceVersion older than the kept history is an ERROR 410 Expired event, then the end")
    func tooOld() async throws {
        let standIn = try RunningStandIn()
        #expect(standIn.server.state.withLock { $0.watch.capacity } == 10_000)
        standIn.server.state.withLock { $0.watch.setCapacity(3) }
        standIn.server.setNodes(Samples.nodes(5))  // versions 2...6; 2 and 3 dropped

        let expired = try standIn.watch("resourceVersion=1")
        let events = await expired.rest()
        #expect(await expired.exitCode() == 0)
        #expect(expired.head().status == 200)
        #expect(events.count == 1)
        let error = try #require(events.first)
        #expect(error.type == "ERROR")
        #expect(error.object["kind"] as? String == "Status")
        #expect(error.object["apiVersion"] as? String == "v1")
        #expect(error.object["status"] as? String == "Failure")
        #expect(error.object["reason"] as? String == "Expired")
        #expect(error.object["code"] as? Int == 410)
        #expect(error.object["message"] as? String == "too old resource version: 1 (3)")
        #expect(await expired.exitCode() == 0)

        // From the oldest version kept, every later change.
        let kept = try standIn.watch("resourceVersion=3")
        #expect(await kept.next(3).map(\.summary) == ["ADDED node-2@4", "ADDED node-3@5", "ADDED node-4@6"])
    }

    @Test("timeoutSeconds ends the stream cleanly")
    func timeout() async throws {
        let standIn = try RunningStandIn()
        standIn.server.setNodes(Samples.nodes(1))
        let watch = try standIn.watch("resourceVersion=\(standIn.server.nodesResourceVersion)&timeoutSeconds=1", maxTime: 60)
        #expect(await watch.rest().isEmpty)
        #expect(await watch.exitCode() == 0)  // 28 would be curl's own deadline
        let head = watch.head()
        #expect(head.status == 200)
        #expect(head.headers["content-type"] == "application/json")
        #expect(head.headers["transfer-encoding"] == "chunked")
        #expect(head.headers["content-length"] == nil)
        #expect(standIn.server.openWatchCount == 0)
    }

    @Test("an idle watch that allows bookmarks gets BOOKMARK events at the current version")
    func bookmarks() async throws {
        let standIn = try RunningStandIn()
        standIn.server.state.withLock { $0.watchBookmarkInterval = 0.2 }
        standIn.server.setNodes(Samples.nodes(2))
        let watch = try standIn.watch("resourceVersion=3&allowWatchBookmarks=true")
        let bookmark = try #require(await watch.next())
        #expect(bookmark.type == "BOOKMARK")
        #expect(bookmark.object["kind"] as? String == "Node")
        #expect(bookmark.object["apiVersion"] as? String == "v1")
        #expect(bookmark.resourceVersion == "3")
        standIn.server.setNode(Self.node("node-0", ["pool": "x"]))
        var next = await watch.next()
        while next?.type == "BOOKMARK" { next = await watch.next() }
        #expect(next?.summary == "MODIFIED node-0@4")
        next = await watch.next()
        #expect(next?.type == "BOOKMARK")
        #expect(next?.resourceVersion == "4")
    }

    @Test("stop ends open watch streams and returns promptly")
    func stopWithWatch() async throws {
        let standIn = try RunningStandIn()
        standIn.server.setNodes(Samples.nodes(2))
        let watch = try standIn.watch()
        #expect(await watch.next(2).count == 2)
        #expect(standIn.server.openWatchCount == 1)
        let started = Date()
        standIn.server.stop()
        #expect(Date().timeIntervalSince(started) < 15)  // generous; stop gives up waiting at 30 s
        #expect(await watch.rest().isEmpty)
        #expect(await watch.exitCode() == 0)
        #expect(standIn.server.openWatchCount == 0)
    }

    @Test("a client that goes away frees its watch")
    func clientGone() async throws {
        let standIn = try RunningStandIn()
        standIn.server.setNodes(Samples.nodes(1))
        let watch = try standIn.watch()
        #expect(await watch.next()?.summary == "ADDED node-0@2")
        #expect(standIn.server.openWatchCount == 1)
        watch.kill()
        _ = await watch.exitCode()
        var open = standIn.server.openWatchCount
        for _ in 0..<300 where open != 0 {
            try await Task.sleep(nanoseconds: 100_000_000)
            open = standIn.server.openWatchCount
        }
        #expect(open == 0)
    }

    @Test("watch requests are Kubernetes requests: token, unauthorized, failure bursts, bad parameters")
    func authAndFaults() async throws {
        let standIn = try RunningStandIn()
        standIn.server.setNodes(Samples.nodes(2))
        standIn.server.resetCounters()
        for token: String? in [nil, "wrong"] {
            let reply = try await standIn.kube("/api/v1/nodes?watch=1", token: .some(token))
            #expect(reply.status == 401)
            #expect(reply.object?["reason"] as? String == "Unauthorized")
        }
        standIn.server.unauthorized = true
        #expect(try await standIn.kube("/api/v1/nodes?watch=1").status == 401)
        standIn.server.unauthorized = false

        standIn.server.failKubernetes(next: 1, status: 503)
        let failed = try await standIn.kube("/api/v1/nodes?watch=1")
        #expect(failed.status == 503)
        #expect(failed.object?["reason"] as? String == "ServiceUnavailable")
        let watch = try standIn.watch()
        #expect(await watch.next()?.summary == "ADDED node-0@2")
        #expect(standIn.server.kubernetesRequestCount == 5)

        #expect(try await standIn.kube("/api/v1/nodes?watch=1&labelSelector=%3Dx").status == 400)
        #expect(try await standIn.kube("/api/v1/nodes?watch=1&resourceVersion=abc").status == 400)
        #expect(try await standIn.kube("/api/v1/nodes?watch=1&timeoutSeconds=soon").status == 400)
        #expect(try await Curl.get(standIn.server.kubernetesURL + "/api/v1/nodes?watch=1", token: standIn.kubeToken,
                                   caFile: standIn.caFile, method: "POST").status == 405)
        // watch=false is a list.
        #expect(try await standIn.kube("/api/v1/nodes?watch=false").itemNames == ["node-0", "node-1"])
    }

    @Test("a NodeList document's changes are events ending at the document's resourceVersion")
    func documentVersions() async throws {
        let standIn = try RunningStandIn()
        let document = """
            {"kind": "NodeList", "metadata": {"resourceVersion": "500"}, "items": [
              {"kind": "Node", "metadata": {"name": "b", "labels": {"p": "1"}}},
              {"kind": "Node", "metadata": {"name": "a", "resourceVersion": "7"}}]}
            """
        let watch = try standIn.watch("resourceVersion=1")
        try standIn.server.setNodes(json: Data(document.utf8))
        #expect(await watch.next(2).map(\.summary) == ["ADDED a@499", "ADDED b@500"])
        #expect(standIn.server.nodesResourceVersion == "500")
        // The same document again changes nothing: no event, the version still moves on.
        try standIn.server.setNodes(json: Data(document.utf8))
        #expect(standIn.server.nodesResourceVersion == "501")
        try standIn.server.setNodes(json: Data(document.replacingOccurrences(of: #""p": "1""#, with: #""p": "2""#).utf8))
        let modified = try #require(await watch.next())
        #expect(modified.summary == "MODIFIED b@502")
        #expect(modified.labels == ["p": "2"])
    }

    @Test("2,000 nodes: one change is one event carrying that node")
    func benchmarkScale() async throws {
        let standIn = try RunningStandIn()
        let server = standIn.server
        let dataset = try await Executor.blocking.run {  // seconds of CPU in a debug build: not on the test pool
            let dataset = StandInFixtures.benchmark()
            server.load(dataset)
            return dataset
        }
        let version = Int(standIn.server.nodesResourceVersion) ?? 0
        let watch = try standIn.watch("resourceVersion=\(version)")
        var node = dataset.nodes[1234]
        node.labels["touched"] = "yes"
        standIn.server.setNode(node)
        try await Executor.blocking.run { server.load(dataset) }  // back as it was: that node only
        let events = await watch.next(2)
        #expect(events.map(\.summary) == ["MODIFIED \(node.name)@\(version + 1)", "MODIFIED \(node.name)@\(version + 2)"])
        #expect(events.first?.labels["touched"] == "yes")
        #expect(events.last?.labels["touched"] == nil)
    }
}

@Suite("Watch history and resourceVersion stamps")
struct WatchUnitTests {
    @Test("stamping sets, replaces or adds metadata.resourceVersion")
    func stamp() {
        func stamped(_ json: String, _ version: Int) -> String {
            String(decoding: ResourceVersionStamp.stamp(Array(json.utf8), version), as: UTF8.self)
        }
        #expect(stamped(#"{"metadata":{"name":"a","resourceVersion":"3"},"x":1}"#, 12)
            == #"{"metadata":{"name":"a","resourceVersion":"12"},"x":1}"#)
        #expect(stamped(#"{"metadata":{"name":"a"}}"#, 5) == #"{"metadata":{"resourceVersion":"5","name":"a"}}"#)
        #expect(stamped(#"{"metadata":{}}"#, 5) == #"{"metadata":{"resourceVersion":"5"}}"#)
        #expect(stamped(#"{"spec":{"resourceVersion":"1"},"metadata":{"name":"a"}}"#, 2)
            == #"{"spec":{"resourceVersion":"1"},"metadata":{"resourceVersion":"2","name":"a"}}"#)
        #expect(ResourceVersionStamp.sameIgnoringVersion(Array(#"{"metadata":{"name":"a"}}"#.utf8),
                                                         Array(#"{"metadata":{"resourceVersion":"9","name":"a"}}"#.utf8)))
        #expect(ResourceVersionStamp.sameIgnoringVersion(Array(#"{"metadata":{"resourceVersion":"1","name":"a"}}"#.utf8),
                                                         Array(#"{"metadata":{"resourceVersion":"9","name":"a"}}"#.utf8)))
        #expect(!ResourceVersionStamp.sameIgnoringVersion(Array(#"{"metadata":{"name":"b"}}"#.utf8),
                                                          Array(#"{"metadata":{"resourceVersion":"9","name":"a"}}"#.utf8)))
    }

    @Test("the ring keeps the last changes and moves the horizon")
    func ring() {
        var history = WatchHistory(capacity: 3, horizon: 1)
        let record = NodeRecord(name: "n", labels: [:], json: [])
        for version in 2...6 { history.append(NodeChange(kind: .added, resourceVersion: version, object: record)) }
        #expect(history.count == 3)
        #expect(history.horizon == 3)
        #expect(history.changes(after: 2) == nil)
        #expect(history.changes(after: 3)?.map(\.resourceVersion) == [4, 5, 6])
        #expect(history.changes(after: 5)?.map(\.resourceVersion) == [6])
        #expect(history.changes(after: 6)?.isEmpty == true)
        history.setCapacity(2)
        #expect(history.horizon == 4)
        #expect(history.changes(after: 4)?.map(\.resourceVersion) == [5, 6])
        history.append(NodeChange(kind: .deleted, resourceVersion: 7, object: record))
        #expect(history.changes(after: 5)?.map(\.resourceVersion) == [6, 7])
        #expect(history.horizon == 5)
    }
}
