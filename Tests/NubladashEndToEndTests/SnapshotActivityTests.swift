import Foundation
import Testing
import NubladaStandIn

/// `snapshot`'s `activity` object and `--fail-on`, through the binary against the stand-in.
@Suite("nubladash snapshot: activity", .serialized)
struct SnapshotActivityTests {
    static let category = "nublado.lsst.io/category"

    static func prepull(_ node: String, reason: String?, created: String) -> StandInPod {
        StandInPod(namespace: "nublado", name: "prepull-w-2026-44-\(node)", labels: [category: "prepuller"], nodeName: node,
                   phase: "Pending", creationTimestamp: created, containerName: "prepull",
                   image: "example.org/sciplat/sciplat-lab:w_2026_44@sha256:feed", waitingReason: reason,
                   waitingMessage: reason.map { "\($0): manifest unknown" }, ownerPod: "nublado-controller-1")
    }

    static let lab = StandInPod(namespace: "nublado-ann", name: "nb-ann", labels: [category: "lab"], nodeName: "gone-node",
                                phase: "Running", creationTimestamp: "2026-10-28T09:00:00Z", containerName: "notebook",
                                image: "example.org/sciplat/sciplat-lab@sha256:cafe")

    /// A failing pull started now, on a node the cluster no longer lists, and a lab.
    static func failingCluster() throws -> Cluster {
        let cluster = try Cluster()
        cluster.loadFixture(nodes: 4, tags: 20)
        let now = ISO8601DateFormatter().string(from: Date())
        cluster.server.setPods([prepull("gone-node", reason: "ErrImagePull", created: now), lab])
        return cluster
    }

    func document(_ result: Binary.Result) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    @Test("the activity object: each prepull pod, lab pods by digest, totals") func json() async throws {
        let cluster = try Self.failingCluster()
        let result = try await cluster.snapshot()
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let activity = try #require(try document(result)["activity"] as? [String: Any])
        #expect(activity["totals"] as? [String: Int] == ["pulling": 0, "failing": 1, "stuck": 0])
        let pods = try #require(activity["prepull_pods"] as? [[String: Any]])
        #expect(pods.count == 1)
        #expect(pods.first?["node"] as? String == "gone-node")
        #expect(pods.first?["tag"] as? String == "w_2026_44")
        #expect(pods.first?["digest"] as? String == "sha256:feed")
        #expect(pods.first?["reason"] as? String == "ErrImagePull")
        #expect(pods.first?["message"] as? String == "ErrImagePull: manifest unknown")
        let inUse = try #require(activity["in_use"] as? [String: [String: Any]])
        #expect(inUse["sha256:cafe"]?["count"] as? Int == 1)
        #expect(inUse["sha256:cafe"]?["namespaces"] as? [String] == ["nublado-ann"])
    }

    @Test("--fail-on exits 3 only for a state that is present, after printing the snapshot") func failOn() async throws {
        let cluster = try Self.failingCluster()
        let failing = try await cluster.snapshot(extra: ["--fail-on", "failing"])
        #expect(failing.status == 3, "stderr: \(failing.stderr)")
        #expect(try document(failing)["activity"] != nil)
        #expect(try await cluster.snapshot(extra: ["--fail-on", "stuck"]).status == 0)

        cluster.server.setPods([Self.prepull("gone-node", reason: nil, created: "2020-01-01T00:00:00Z")])
        #expect(try await cluster.snapshot(extra: ["--fail-on", "stuck"]).status == 3)
        #expect(try await cluster.snapshot(extra: ["--fail-on", "failing"]).status == 0)
        #expect(try await cluster.snapshot(extra: ["--fail-on", "failing", "--fail-on", "stuck"]).status == 3)

        let bad = try await cluster.snapshot(extra: ["--fail-on", "slow"])
        #expect(bad.status != 0 && bad.status != 3)
        #expect(bad.stdout.isEmpty)
    }

    @Test("images.prepullTimeout and --controller-namespace decide which pulls count and which are stuck")
    func settings() async throws {
        let cluster = try Self.failingCluster()
        let started = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-120))
        cluster.server.setPods([Self.prepull("gone-node", reason: nil, created: started)])
        let config = cluster.scratch.write("timeout.yaml", """
            images:
              source: {type: google, location: \(cluster.source.location), projectId: \(cluster.source.projectID), repository: \(cluster.source.repository), image: \(cluster.source.image)}
              prepullTimeout: 1m
            """)
        func totals(_ result: Binary.Result) throws -> [String: Int]? {
            #expect(result.status == 0, "stderr: \(result.stderr)")
            return try #require(try document(result)["activity"] as? [String: Any])["totals"] as? [String: Int]
        }
        // Two minutes old: pulling under the default 10 minutes, stuck past a 1-minute timeout.
        #expect(try totals(try await cluster.snapshot()) == ["pulling": 1, "failing": 0, "stuck": 0])
        #expect(try totals(try await cluster.snapshot(config: config)) == ["pulling": 0, "failing": 0, "stuck": 1])
        // The pod is in `nublado`: a controller installed elsewhere has no pulls there.
        let elsewhere = try await cluster.snapshot(config: config, extra: ["--controller-namespace", "lab-controller"])
        #expect(try totals(elsewhere) == ["pulling": 0, "failing": 0, "stuck": 0])
    }

    @Test("pods forbidden: the snapshot succeeds, activity says which permission is missing") func forbidden() async throws {
        let cluster = try Self.failingCluster()
        cluster.server.podsForbidden = true
        let result = try await cluster.snapshot()
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stderr.isEmpty)
        let activity = try document(result)["activity"] as? [String: String]
        #expect(activity == ["error": "forbidden: the user needs permission to list pods in all namespaces"])
        #expect(!result.stdout.contains(Cluster.kubeToken))
    }

    /// A monitoring check whose access to pods was removed must not stay green.
    @Test("pods forbidden with --fail-on: exit 1 and one line naming what could not be read, the snapshot still printed",
          arguments: [(["--fail-on", "failing"], "failing"), (["--fail-on", "stuck", "--fail-on", "failing"], "stuck, failing")])
    func forbiddenFailOn(options: [String], named: String) async throws {
        let cluster = try Self.failingCluster()
        cluster.server.podsForbidden = true
        for format in ["json", "text"] {
            let result = try await cluster.snapshot(extra: options + ["--format", format])
            #expect(result.status == 1, "stderr: \(result.stderr)")
            #expect(result.stderr == "nubladash: cannot check --fail-on \(named): pods could not be read: "
                    + "forbidden: the user needs permission to list pods in all namespaces\n")
            #expect(result.stdout.contains(format == "json" ? "\"activity\"" : "unavailable: forbidden"), "\(result.stdout)")
        }
    }

    @Test("--format text shows the activity too") func text() async throws {
        let cluster = try Self.failingCluster()
        let result = try await cluster.snapshot(extra: ["--format", "text"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout.contains("0 pulling, 1 failing, 0 stuck"))
        #expect(result.stdout.contains("gone-node  w_2026_44  Pending  failing  ErrImagePull: ErrImagePull: manifest unknown"))
        #expect(result.stdout.contains("sha256:cafe  1  nublado-ann"))
    }
}
