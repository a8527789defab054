import Foundation
@testable import NubladaClients
import Testing

/// The JSON the servers send: Artifact Registry listing pages, Kubernetes node list pages
/// (with the continue token read ahead by `TopLevelJSON`), and watch streams split into lines.
extension FuzzTests {
    @Test func artifactRegistryListing() async throws {
        try await Self.expectClean(FuzzTarget(
            name: "gar-listing",
            mutator: Mutator(seeds: FuzzSeeds.shortened(FuzzSeeds.snapshotCases("registry.json"), list: "dockerImages"),
                             syntax: .json,
                             words: [#""dockerImages""#, #""uri""#, #""tags""#, #""imageSizeBytes""#, #""uploadTime""#,
                                     #""nextPageToken""#, #""error""#, #""message""#, #""2026-10-15T00:00:00.123456789Z""#],
                             maximumSize: 64 * 1024),
            iterations: 1500,
            parse: { input in
                let data = Data(input)
                _ = GoogleErrorBody.message(in: data)
                return .of { _ = try JSONDecoder().decode(GARListingPage.self, from: data).dockerImages?.map(\.entry) }
            }))
    }

    static let nodeWords = [
        #""metadata""#, #""continue""#, #""resourceVersion""#, #""items""#, #""name""#, #""labels""#, #""spec""#,
        #""taints""#, #""key""#, #""value""#, #""effect""#, #""unschedulable""#, #""status""#, #""images""#,
        #""names""#, #""sizeBytes""#, #""message""#, #""type""#, #""object""#, #""ADDED""#, #""BOOKMARK""#, #""ERROR""#,
    ]

    @Test func kubernetesNodeList() async throws {
        try await Self.expectClean(FuzzTarget(
            name: "node-list",
            mutator: Mutator(seeds: FuzzSeeds.shortened(FuzzSeeds.snapshotCases("nodes.json"), list: "items"),
                             syntax: .json, words: Self.nodeWords, maximumSize: 64 * 1024),
            iterations: 1500,
            parse: { input in
                let data = Data(input)
                _ = TopLevelJSON.member("metadata", in: data)
                    .flatMap { try? JSONDecoder().decode(NodeListPage.Metadata.self, from: $0) }
                _ = KubernetesStatus.message(in: data)
                return .of { _ = try JSONDecoder().decode(NodeListPage.self, from: data).items?.map(\.clusterNode) }
            }))
    }

    /// The hand-written scanner alone, on small documents where its every branch is reached often.
    @Test func topLevelMember() async throws {
        let seeds = [#"{"metadata": {"continue": "eyJ2IjoibWV0YSJ9", "resourceVersion": "42"}, "items": [{"a": "\"}"}]}"#,
                     #"{"kind":"NodeList","apiVersion":"v1","items":[],"metadata":{"resourceVersion":"7"}}"#,
                     #"{"items": [1, -2.5e3, true, null, "x\\\"y"], "metadata": null}"#]
        try await Self.expectClean(FuzzTarget(
            name: "top-level-json",
            mutator: Mutator(seeds: seeds.map { Array($0.utf8) }, syntax: .json, words: Self.nodeWords,
                             maximumSize: 16 * 1024),
            iterations: 5000,
            parse: { input in
                _ = TopLevelJSON.member("metadata", in: Data(input))
                return .value
            }))
    }

    @Test func kubernetesWatchStream() async throws {
        try await Self.expectClean(FuzzTarget(
            name: "watch-stream",
            mutator: Mutator(seeds: Self.watchStreams(), syntax: .json, words: Self.nodeWords, maximumSize: 64 * 1024),
            iterations: 500,
            parse: { input in
                // Chunks of a size the input decides, as the network would cut them.
                var splitter = LineSplitter()
                let chunkSize = 1 + input.count % 4093
                var start = 0
                while start < input.count {
                    let chunk = input[start..<min(input.count, start + chunkSize)]
                    for line in chunk.withUnsafeBytes({ splitter.append($0) }) {
                        _ = NodeWatchEvent.parse(line)
                        _ = WatchEvent<PodListPage.Pod>.parse(line)
                    }
                    start += chunkSize
                }
                _ = NodeWatchEvent.parse(splitter.remainder)
                return .value
            }))
    }

    /// Watch streams made from the fixtures' nodes: one event of each kind per line.
    static func watchStreams() -> [[UInt8]] {
        FuzzSeeds.shortened(FuzzSeeds.snapshotCases("nodes.json"), list: "items", keep: 4).compactMap { bytes in
            guard let list = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
                  let items = list["items"] as? [Any] else { return nil }
            var events: [Any] = items.prefix(4).enumerated().map { index, node in
                ["type": ["ADDED", "MODIFIED", "DELETED"][index % 3], "object": node]
            }
            events.append(["type": "BOOKMARK", "object": ["kind": "Node", "metadata": ["resourceVersion": "12345"]]])
            events.append(["type": "ERROR", "object": ["kind": "Status", "code": 410, "message": "too old resource version"]])
            let lines = events.compactMap { try? JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys]) }
            return [UInt8](lines.joined(separator: Data("\n".utf8))) + [UInt8(ascii: "\n")]
        }
    }
}
