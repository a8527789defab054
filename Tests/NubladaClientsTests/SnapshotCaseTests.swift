import Foundation
import Testing
@testable import NubladaClients
@testable import NubladaEngine

/// The controller's own results (Tests/Fixtures/snapshot-cases and docker-snapshot-cases),
/// computed in-process from the case's registry, node list and configuration.
@Suite("Snapshot cases, in process")
struct SnapshotCaseTests {
    @Test("there are cases") func casesPresent() {
        #expect(Fixtures.snapshotCases.count >= 8)
        #expect(Fixtures.dockerSnapshotCases.count >= 7)
    }

    @Test("each Artifact Registry case matches the controller", arguments: Fixtures.snapshotCases)
    func snapshotCase(name: String) throws {
        let config = try ControllerConfiguration.load(path: Fixtures.snapshotCase(name, "config.yaml").path)
        let listing = try JSONDecoder().decode(GARListingPage.self, from: Data(contentsOf: Fixtures.snapshotCase(name, "registry.json")))
        let picture = ImageEngine.evaluate(config.labImages, listing: .artifactRegistry((listing.dockerImages ?? []).map(\.entry)),
                                           nodes: try Self.nodes(Fixtures.snapshotCase(name, "nodes.json"), config),
                                           now: Date().timeIntervalSince1970)
        try Self.compare(picture, Fixtures.snapshotCase(name, "expected.json"))
    }

    /// A case's Docker repository: `{registry, repository, tags: [[tag, digest], …]}`.
    struct DockerRepository: Decodable {
        var registry: String
        var repository: String
        var tags: [[String]]
    }

    @Test("each Docker case matches the controller, resolving only the tags the engine asks for",
          arguments: Fixtures.dockerSnapshotCases)
    func dockerCase(name: String) throws {
        let config = try ControllerConfiguration.load(path: Fixtures.dockerSnapshotCase(name, "config.yaml").path)
        let repository = try JSONDecoder().decode(DockerRepository.self, from: Data(contentsOf: Fixtures.dockerSnapshotCase(name, "registry.json")))
        let tags = repository.tags.map { $0[0] }
        let registryDigests = Dictionary(repository.tags.map { ($0[0], $0[1]) }, uniquingKeysWith: { $1 })
        let wanted = ImageEngine.tagsToResolve(config.labImages, tags: tags)
        let digests = Dictionary(wanted.compactMap { tag in registryDigests[tag].map { (tag, $0) } }, uniquingKeysWith: { $1 })
        let picture = ImageEngine.evaluate(config.labImages, listing: .docker(tags: tags, digests: digests),
                                           nodes: try Self.nodes(Fixtures.dockerSnapshotCase(name, "nodes.json"), config),
                                           now: Date().timeIntervalSince1970)
        try Self.compare(picture, Fixtures.dockerSnapshotCase(name, "expected.json"))
        // Digests are fetched for the prepull set only, never for every tag.
        #expect(wanted.count <= tags.count)
        #expect(Set(picture.prepulls.prepulled.map(\.tag) + picture.prepulls.pending.map(\.tag)).isSubset(of: Set(wanted)))
    }

    /// The case's nodes, filtered by the node selector as the server would.
    static func nodes(_ file: URL, _ config: ControllerConfiguration) throws -> [ClusterNode] {
        let nodes = try JSONDecoder().decode(NodeListPage.self, from: Data(contentsOf: file))
        let selector = config.nodeSelector
        return (nodes.items ?? []).map(\.clusterNode).filter { node in selector.allSatisfy { node.labels[$0.key] == $0.value } }
    }

    /// Compares as the conformance run does: images, menu, and the prepulls' images and nodes,
    /// with null members counting as absent.
    static func compare(_ picture: ClusterPicture, _ expectedFile: URL) throws {
        let actual = try JSONSerialization.jsonObject(with: Data(picture.snapshotJSON.serialized().utf8))
        let expected = try JSONSerialization.jsonObject(with: Data(contentsOf: expectedFile))
        let got = try #require(withoutNulls(actual) as? [String: Any]), want = try #require(withoutNulls(expected) as? [String: Any])
        for key in ["images", "menu"] {
            #expect((got[key] as? NSDictionary) == (want[key] as? NSDictionary), "\(key) differs")
        }
        let gotPrepulls = try #require(got["prepulls"] as? [String: Any]), wantPrepulls = try #require(want["prepulls"] as? [String: Any])
        for key in ["images", "nodes"] {
            #expect((gotPrepulls[key] as? NSObject) == (wantPrepulls[key] as? NSObject), "prepulls.\(key) differs")
        }
    }

    static func withoutNulls(_ value: Any) -> Any {
        if let object = value as? [String: Any] { return object.filter { !($0.value is NSNull) }.mapValues(withoutNulls) }
        if let array = value as? [Any] { return array.map(withoutNulls) }
        return value
    }
}
