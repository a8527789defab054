import Foundation
import Testing
@testable import NubladaClients
@testable import NubladaEngine

/// The controller's own results (Tests/Fixtures/snapshot-cases), computed in-process from the
/// case's registry listing, node list and configuration.
@Suite("Snapshot cases, in process")
struct SnapshotCaseTests {
    struct FileRegistry: RegistryLister {
        let entries: [RegistryEntry]
        func listEntries(_ source: GARSourceOptions) throws -> [RegistryEntry] { entries }
    }

    @Test("there are cases") func casesPresent() { #expect(Fixtures.snapshotCases.count >= 8) }

    @Test("each case matches the controller", arguments: Fixtures.snapshotCases)
    func snapshotCase(name: String) throws {
        let config = try ControllerConfiguration.load(path: Fixtures.snapshotCase(name, "config.yaml").path)
        let listing = try JSONDecoder().decode(GARListingPage.self, from: Data(contentsOf: Fixtures.snapshotCase(name, "registry.json")))
        let nodes = try JSONDecoder().decode(NodeListPage.self, from: Data(contentsOf: Fixtures.snapshotCase(name, "nodes.json")))
        let selector = config.nodeSelector
        let clusterNodes = (nodes.items ?? []).map(\.clusterNode).filter { node in
            selector.allSatisfy { node.labels[$0.key] == $0.value }
        }
        let source = GARImageSource(source: config.prepuller.source, lister: FileRegistry(entries: (listing.dockerImages ?? []).map(\.entry)),
                                    filterPolicy: config.dropdown, aliasTags: config.prepuller.aliasTags)
        let service = ImageService(options: config.prepuller, tolerations: config.tolerations, source: source)
        try service.refresh(nodeList: clusterNodes)
        let actual = try JSONSerialization.jsonObject(with: Data(service.snapshotJSON(now: Date().timeIntervalSince1970).serialized().utf8))
        let expected = try JSONSerialization.jsonObject(with: Data(contentsOf: Fixtures.snapshotCase(name, "expected.json")))
        let got = try #require(actual as? [String: Any]), want = try #require(expected as? [String: Any])
        for key in ["images", "menu"] {
            #expect((got[key] as? NSDictionary) == (want[key] as? NSDictionary), "\(key) differs")
        }
        let gotPrepulls = try #require(got["prepulls"] as? [String: Any]), wantPrepulls = try #require(want["prepulls"] as? [String: Any])
        for key in ["images", "nodes"] {
            #expect((gotPrepulls[key] as? NSObject) == (wantPrepulls[key] as? NSObject), "prepulls.\(key) differs")
        }
    }
}
