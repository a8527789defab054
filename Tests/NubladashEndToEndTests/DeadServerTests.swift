import Foundation
import NubladaStandIn
import NubladaTestSupport
import Testing

/// A registry or API server that accepts connections and never answers: with the shipped
/// budgets (no test hook: the real binary, its real defaults) a dead side fails within 90 s,
/// in one line naming the host contacted and what timed out, and `snapshot --environments`
/// finishes within the same bound with such environments among healthy ones.
@Suite("Servers that accept and never answer", .serialized)
struct DeadServerTests {
    /// The most a dead side may cost, seconds: the bound (it cost 449–504 s before).
    static let bound: Double = 90

    @Test("snapshot against a silent Docker registry: one line within 90 s naming both hosts and what timed out")
    func silentRegistry() async throws {
        let docker = try DockerSnapshotTests.DockerCluster()
        let silent = try SilentListener()
        let started = Date()
        let result = try await docker.snapshot(endpoint: silent.url, timeout: 200)
        let elapsed = Date().timeIntervalSince(started)
        #expect(elapsed < Self.bound, "took \(Int(elapsed)) s")
        #expect(result.status == 1, "status \(result.status), stderr: \(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(result.stderr.contains("Docker registry \(docker.cluster.source.registry) (requests to \(silent.url))"),
                "\(result.stderr)")
        #expect(result.stderr.contains(silent.hostLabel))
        #expect(Self.namesWhatTimedOut(result.stderr), "\(result.stderr)")
        #expect(silent.acceptedCount >= 1)
    }

    @Test("snapshot --environments with a dead registry and a dead API server among healthy ones: done within 90 s")
    func environmentsWithDeadOnes() async throws {
        let healthy = try Cluster()
        healthy.loadFixture(nodes: 4, tags: 20)
        let deadRegistry = try SilentListener(), deadAPI = try SilentListener()
        let scratch = ScratchDirectory()
        let deadKubeconfig = scratch.write("kubeconfig-dead", healthy.server.kubeconfigYAML(
            userLines: ["token: \(Cluster.kubeToken)"], server: deadAPI.url))
        func entry(_ name: String, kubeconfig: String? = nil, endpoint: String? = nil) -> String {
            "  - {name: \(name), config: \(healthy.config()), kubeconfig: \(kubeconfig ?? healthy.kubeconfig()), registryEndpoint: \"\(endpoint ?? healthy.server.registryURL)\"}"
        }
        let file = scratch.write("environments.yaml", "environments:\n" + [
            entry("one"), entry("deadregistry", endpoint: deadRegistry.url), entry("two"),
            entry("deadapi", kubeconfig: deadKubeconfig), entry("three"), entry("four"),
        ].joined(separator: "\n") + "\n")
        let started = Date()
        let result = try await Binary.run(["snapshot", "--environments", file],
                                          environment: ["GOOGLE_OAUTH_ACCESS_TOKEN": Cluster.registryToken], timeout: 200)
        let elapsed = Date().timeIntervalSince(started)
        #expect(elapsed < Self.bound, "took \(Int(elapsed)) s")
        #expect(result.status == 1, "status \(result.status), stderr: \(result.stderr)")
        let document = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any] ?? [:]
        for name in ["one", "two", "three", "four"] {
            #expect((document[name] as? [String: Any])?["images"] != nil, "\(name): \(String(describing: document[name]))")
        }
        let registryError = (document["deadregistry"] as? [String: String])?["error"] ?? ""
        #expect(registryError.contains(deadRegistry.hostLabel), "\(registryError)")
        #expect(Self.namesWhatTimedOut(registryError), "\(registryError)")
        let apiError = (document["deadapi"] as? [String: String])?["error"] ?? ""
        #expect(apiError.contains(deadAPI.hostLabel), "\(apiError)")
        #expect(Self.namesWhatTimedOut(apiError), "\(apiError)")
        #expect(result.stderr.hasSuffix("nubladash: 2 of 6 environments failed: deadregistry, deadapi\n"), "\(result.stderr)")
    }

    /// Whether a message says which wait ran out: the first byte, the connection, a stalled
    /// transfer or the side's whole budget.
    static func namesWhatTimedOut(_ message: String) -> Bool {
        ["waiting for the first byte", "connect timed out", "transfer stalled", "budget"].contains { message.contains($0) }
    }
}
