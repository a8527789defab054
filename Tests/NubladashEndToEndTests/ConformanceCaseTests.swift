import Foundation
import Testing
import NubladaStandIn
import NubladaTestSupport

/// The controller's results (Tests/Fixtures/snapshot-cases) through the real binary, with the
/// stand-in serving each case's registry listing and node list (7 images a page, as the
/// conformance server does), with the case's faults.
@Suite("Conformance cases through the binary", .serialized)
struct ConformanceCaseTests {
    static let cases: [String] = {
        let folder = Binary.repository.appendingPathComponent("Tests/Fixtures/snapshot-cases").path
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    }()

    static func file(_ name: String, _ file: String) -> URL {
        Binary.repository.appendingPathComponent("Tests/Fixtures/snapshot-cases/\(name)/\(file)")
    }

    @Test("each case", arguments: cases)
    func conformance(name: String) async throws {
        let cluster = try Cluster(pageCap: 7)
        try cluster.server.setRegistry(json: Data(contentsOf: Self.file(name, "registry.json")))
        try cluster.server.setNodes(json: Data(contentsOf: Self.file(name, "nodes.json")))
        if let faults = try? String(contentsOf: Self.file(name, "faults.txt"), encoding: .utf8) {
            let words = faults.split(whereSeparator: \.isWhitespace)
            if let index = words.firstIndex(of: "--fail-gar"), let count = Int(words[index + 1]) {
                cluster.server.failRegistry(next: count)
            }
        }
        let result = try await cluster.snapshot(config: Self.file(name, "config.yaml").path)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let got = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? NSDictionary)
        let want = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: Self.file(name, "expected.json"))) as? NSDictionary)
        #expect(got["images"] as? NSDictionary == want["images"] as? NSDictionary)
        #expect(got["menu"] as? NSDictionary == want["menu"] as? NSDictionary)
        let gotPrepulls = got["prepulls"] as? NSDictionary, wantPrepulls = want["prepulls"] as? NSDictionary
        #expect(gotPrepulls?["images"] as? NSDictionary == wantPrepulls?["images"] as? NSDictionary)
        // A Kubernetes API server lists nodes by name (the stand-in does too); the controller keeps
        // that order, which the in-process case tests check exactly.
        func byName(_ list: Any?) -> [NSDictionary] {
            ((list as? [NSDictionary]) ?? []).sorted { ($0["name"] as? String ?? "") < ($1["name"] as? String ?? "") }
        }
        #expect(byName(gotPrepulls?["nodes"]) == byName(wantPrepulls?["nodes"]))
    }
}
