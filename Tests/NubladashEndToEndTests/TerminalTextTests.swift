import Foundation
import NubladaStandIn
import Testing

/// Text from outside (a kubelet's message, a pod's image, a file's path) printed for a terminal:
/// escape sequences, bidirectional overrides and line breaks are shown escaped and a long text
/// is cut, so nothing a cluster says can drive the admin's terminal. JSON stays exact.
@Suite("nubladash: text for a terminal", .serialized)
struct TerminalTextTests {
    /// A window title, a screen clear, an OSC 52 clipboard write, a bare CR, a line break,
    /// a right-to-left override and 100 KB.
    static let hostileMessage = "\u{1B}]0;owned\u{07}\u{1B}[2J\u{1B}]52;c;cm0gLXJmIH4K\u{07}fake\rline\nnext \u{202E}gpj.exe\u{9B}31m\u{7F}"
        + String(repeating: "A", count: 100_000)

    /// What must not reach a terminal: ESC, BEL, CR, CSI (C1), DEL and the bidirectional controls.
    static func expectTerminalSafe(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for scalar: Unicode.Scalar in ["\u{1B}", "\u{07}", "\r", "\u{9B}", "\u{7F}", "\u{202E}", "\u{2066}", "\u{200F}"] {
            #expect(!text.unicodeScalars.contains(scalar), "raw U+\(String(scalar.value, radix: 16, uppercase: true)) in the output",
                    sourceLocation: sourceLocation)
        }
    }

    static func hostileCluster() throws -> Cluster {
        let cluster = try Cluster()
        cluster.loadFixture(nodes: 4, tags: 20)
        let now = ISO8601DateFormatter().string(from: Date())
        cluster.server.setPods([StandInPod(
            namespace: "nublado", name: "prepull-evil", labels: ["nublado.lsst.io/category": "prepuller"], nodeName: "gone-node",
            phase: "Pending", creationTimestamp: now, containerName: "prepull",
            image: "example.org/sciplat/sciplat-lab:w_2026_44\u{202E}x@sha256:feed", waitingReason: "ErrImagePull\u{2066}",
            waitingMessage: hostileMessage, ownerPod: "nublado-controller-1")])
        return cluster
    }

    @Test("snapshot --format text: a prepull pod's message and image are escaped and cut") func snapshotText() async throws {
        let cluster = try Self.hostileCluster()
        let result = try await cluster.snapshot(extra: ["--format", "text"])
        #expect(result.status == 0, "\(result.stderr)")
        Self.expectTerminalSafe(result.stdout)
        let line = try #require(result.stdout.split(separator: "\n").first { $0.contains("gone-node") })
        #expect(line.contains("\\u{1B}]0;owned"), "\(line.prefix(300))")
        #expect(line.contains("\\u{202E}"))
        #expect(line.count < 1_000, "the line is cut: \(line.count) characters")
        #expect(result.stdout.utf8.count < 20_000)
    }

    @Test("snapshot JSON keeps the message exact (JSON escaping makes it safe)") func snapshotJSON() async throws {
        let cluster = try Self.hostileCluster()
        let result = try await cluster.snapshot()
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stdout.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, "C0 escaped by the JSON writer")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let pods = try #require((document["activity"] as? [String: Any])?["prepull_pods"] as? [[String: Any]])
        #expect(pods.first?["message"] as? String == Self.hostileMessage)
    }

    @Test("snapshot --environments --format text and stderr: a path with escapes and an override is escaped")
    func environmentsText() async throws {
        let cluster = try Cluster()
        cluster.loadFixture(nodes: 2, tags: 10)
        let evil = "/nonexistent/\u{1B}]0;owned\u{07}\u{202E}lmy.yaml"
        let file = cluster.scratch.write("environments.yaml", """
            environments:
              - {name: good, config: \(cluster.config()), kubeconfig: \(cluster.kubeconfig()), registryEndpoint: "\(cluster.server.registryURL)"}
              - {name: bad, config: "/nonexistent/\\e]0;owned\\a\\u202Elmy.yaml"}
            """)
        let result = try await Binary.run(["snapshot", "--environments", file, "--format", "text"],
                                          environment: ["GOOGLE_OAUTH_ACCESS_TOKEN": Cluster.registryToken])
        #expect(result.status == 1)
        Self.expectTerminalSafe(result.stdout)
        Self.expectTerminalSafe(result.stderr)
        #expect(result.stderr.contains("\\u{202E}lmy.yaml"), "\(result.stderr)")
        #expect(!result.stderr.contains(evil))
    }

    @Test("auth-check: a kubeconfig path with escapes and an override is shown escaped") func authCheck() async throws {
        let cluster = try Cluster()
        cluster.loadFixture(nodes: 2, tags: 10)
        let kubeconfig = cluster.scratch.write("kube\u{1B}[2J\u{202E}config",
                                               cluster.server.kubeconfigYAML(userLines: ["token: \(Cluster.kubeToken)"]))
        let result = try await Binary.run(["auth-check", "--config", cluster.config(), "--kubeconfig", kubeconfig,
                                           "--gar-endpoint", cluster.server.registryURL],
                                          environment: ["GOOGLE_OAUTH_ACCESS_TOKEN": Cluster.registryToken])
        Self.expectTerminalSafe(result.stdout)
        Self.expectTerminalSafe(result.stderr)
        #expect(result.stdout.contains("kube\\u{1B}[2J\\u{202E}config"), "\(result.stdout)")
    }

    @Test("an error on stderr: a missing file's name with an override is escaped") func errorLine() async throws {
        let result = try await Binary.run(["snapshot", "--config", "/nonexistent/\u{202E}lmy.yaml\u{1B}[2J", "--kubeconfig", "/nonexistent/k"])
        #expect(result.status == 1)
        Self.expectTerminalSafe(result.stderr)
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(result.stderr.contains("\\u{202E}lmy.yaml\\u{1B}[2J"), "\(result.stderr)")
    }
}
