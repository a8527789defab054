import Foundation
import Testing
@testable import NubladaClients
import NubladaEngine
import NubladaStandIn
import NubladaTestSupport

@Suite("Watch stream parsing")
struct WatchStreamTests {
    @Test("lines split across chunks are reassembled") func splitting() {
        var splitter = LineSplitter()
        func feed(_ text: String) -> [String] {
            Array(text.utf8).withUnsafeBytes { splitter.append($0) }.map { String(decoding: $0, as: UTF8.self) }
        }
        #expect(feed("{\"a\":1}\n{\"b\"") == ["{\"a\":1}"])
        #expect(feed(":2}\n\n{\"c\":3}\n") == ["{\"b\":2}", "{\"c\":3}"])
        #expect(feed("{\"d\"").isEmpty)
        #expect(String(decoding: splitter.remainder, as: UTF8.self) == "{\"d\"")
    }

    @Test("event types") func events() throws {
        let node = #"{"metadata":{"name":"n1","resourceVersion":"7"},"status":{"images":[{"names":["r/p@sha256:1"],"sizeBytes":5}]}}"#
        let modified = try #require(bound(NodeWatchEvent.parse(Data(#"{"type":"MODIFIED","object":\#(node)}"#.utf8))) { if case .modified(let modified)? = $0 { modified } else { nil } }, "not MODIFIED")
        #expect(modified.metadata.name == "n1" && modified.metadata.resourceVersion == "7")
        #expect(modified.clusterNode.images.first?.digest == "sha256:1")
        let version = try #require(bound(NodeWatchEvent.parse(Data(#"{"type":"BOOKMARK","object":{"kind":"Node","metadata":{"resourceVersion":"9"}}}"#.utf8))) { if case .bookmark(let version)? = $0 { version } else { nil } }, "not BOOKMARK")
        #expect(version == "9")
        let code = try #require(bound(NodeWatchEvent.parse(Data(#"{"type":"ERROR","object":{"kind":"Status","code":410,"reason":"Expired","message":"too old resource version"}}"#.utf8))) { if case .error(let code, _)? = $0 { code } else { nil } }, "not ERROR")
        #expect(code == 410)
        #expect(NodeWatchEvent.parse(Data(#"{"kind":"NodeList","items":[]}"#.utf8)) == nil)
    }
}

/// A server that answers a watch request with a plain node list, as one without watch would.
@Suite("Node informer without watch")
struct NodeInformerFallbackTests {
    @Test("a plain list answer to a watch means: list on every call, never loop on the watch") func fallback() async throws {
        let harness = try StandInHarness(nodes: 4)
        harness.server.setNodes(harness.dataset.nodes)
        let informer = NodeInformer(client: harness.kubernetes(), labelSelector: "")
        defer { informer.stop() }
        _ = try informer.current()
        try await Task.sleep(nanoseconds: 1_000_000_000)
        // Either the server streams watch events (then one watch request is open), or it
        // answered with a list and the informer gave up watching: never a loop of requests.
        #expect(harness.server.kubernetesRequestCount <= 3)
    }
}

