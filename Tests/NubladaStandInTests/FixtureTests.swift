import Foundation
import NubladaProcess
import NubladaWork
import Testing
@testable import NubladaEngine
@testable import NubladaStandIn
@testable import NubladaDemo

@Suite("Fixtures")
struct FixtureTests {
    @Test("the benchmark dataset: 2,000 GKE nodes, 50 images each, 300 tags, deterministic")
    func benchmarkShape() async throws {
        // Seconds of CPU in a debug build: on a thread of its own, not on the test pool.
        let (dataset, again, other) = try await Executor.blocking.run {
            (StandInFixtures.benchmark(seed: 7), StandInFixtures.benchmark(seed: 7), StandInFixtures.benchmark(seed: 8))
        }
        #expect(dataset.nodes.count == 2000)
        #expect(dataset.nodes.allSatisfy { $0.images.count == 50 })
        #expect(dataset.tagCount == 300)
        #expect(Set(dataset.nodes.map(\.name)).count == 2000)
        let labNames = dataset.nodes[0].images.flatMap(\.names).filter { $0.contains("sciplat-lab@sha256:") }
        let (namesMatch, urisMatch, labNamesMatch) = try await Executor.blocking.run {
            let namePattern = /gke-science-platform-[a-z-]+-pool-[0-9a-f]{8}-[a-z0-9]{4}/
            let uriPattern = /us-central1-docker\.pkg\.dev\/rubin-shared-services-71ec\/sciplat\/sciplat-lab@sha256:[0-9a-f]{64}/
            return (dataset.nodes.allSatisfy { $0.name.wholeMatch(of: namePattern) != nil },
                    dataset.entries.allSatisfy { $0.uri.wholeMatch(of: uriPattern) != nil },
                    labNames.allSatisfy { $0.wholeMatch(of: uriPattern) != nil })
        }
        #expect(namesMatch)
        #expect(urisMatch)
        #expect(!labNames.isEmpty)
        #expect(labNamesMatch)
        let sizes = dataset.nodes[0].images.map { $0.sizeBytes ?? 0 }
        #expect(sizes == sizes.sorted(by: >))
        for alias in StandInFixtures.aliasTags {
            #expect(dataset.entries.filter { $0.tags.contains(alias) }.count == 1)
        }
        // Cached digests are the registry's.
        let digests = Set(dataset.entries.compactMap { $0.nameAndDigest?.digest })
        #expect(dataset.nodes[5].images.compactMap(\.digest).filter { digests.contains($0) }.count >= 40)

        #expect(again.entries == dataset.entries)
        #expect(again.nodes == dataset.nodes)
        #expect(other.entries != dataset.entries)
    }

    @Test("tags parse as the engine's dailies, weeklies and releases")
    func tagsParse() {
        let dataset = StandInFixtures.dataset(nodes: 3, imagesPerNode: 5, tags: 60, seed: 3)
        let tags = dataset.entries.flatMap(\.tags)
        #expect(tags.count == 60)
        #expect(tags.contains { $0.hasPrefix("d_") })
        #expect(tags.contains { $0.hasPrefix("w_") })
        #expect(tags.contains { $0.hasPrefix("r") && !$0.contains("rc") })
        let images = dataset.source.images(from: dataset.entries, aliasTags: Set(StandInFixtures.aliasTags))
        #expect(images.count == 60)
    }

    @Test("documents are valid JSON with sizes as strings and round-trip through the server")
    func documents() async throws {
        let dataset = StandInFixtures.dataset(nodes: 20, imagesPerNode: 10, tags: 30, seed: 5)
        let registry = try #require(try JSONSerialization.jsonObject(with: dataset.registryJSON()) as? [String: Any])
        let images = try #require(registry["dockerImages"] as? [[String: Any]])
        #expect(images.count == dataset.entries.count)
        #expect(images.allSatisfy { $0["imageSizeBytes"] is String })
        let nodeList = try #require(try JSONSerialization.jsonObject(with: dataset.nodeListJSON()) as? [String: Any])
        #expect((nodeList["items"] as? [Any])?.count == 20)

        let standIn = try RunningStandIn()
        try standIn.server.setRegistry(json: dataset.registryJSON())
        try standIn.server.setNodes(json: dataset.nodeListJSON())
        #expect(standIn.server.registryParent == dataset.source.parent)
        let page = try await standIn.registry("/v1/\(dataset.source.parent)/dockerImages")
        #expect(page.imageTags.count == dataset.entries.count)
        let nodes = try await standIn.kube("/api/v1/nodes?labelSelector=cloud.google.com/gke-nodepool%3Duser-lab-pool")
        let expected = dataset.nodes.filter { $0.labels["cloud.google.com/gke-nodepool"] == "user-lab-pool" }
        #expect(nodes.itemNames == expected.map(\.name).sorted())
    }

    /// Speed is measured by `nubladash-bench`, not here: this checks what is served.
    @Test("the benchmark data is served whole: 2,000 nodes through paging, every registry image")
    func benchmarkServing() async throws {
        let standIn = try RunningStandIn()
        let server = standIn.server
        let dataset = try await Executor.blocking.run {  // seconds of CPU in a debug build: not on the test pool
            let dataset = StandInFixtures.benchmark()
            server.load(dataset)
            return dataset
        }
        var names: [String] = []
        var token: String? = nil
        repeat {
            let page = try await standIn.kube("/api/v1/nodes?limit=500" + (token.map { "&continue=\($0)" } ?? ""))
            #expect(page.status == 200)
            names += page.itemNames
            token = page.listMetadata["continue"] as? String
        } while token != nil
        #expect(names.count == 2000)
        let registry = try await standIn.registry("/v1/\(dataset.source.parent)/dockerImages")
        #expect(registry.imageTags.count == dataset.entries.count)
        #expect(Set(names) == Set(dataset.nodes.map(\.name)))
    }
}
