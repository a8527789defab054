import Foundation
import NubladaStandIn
import Testing

/// `nubladash snapshot --contexts a,b` and environments-file entries without `config`: each
/// environment's configuration is its cluster's own ConfigMap; one that cannot be read is that
/// environment's error, the others still fine.
@Suite("nubladash --contexts and environments from their clusters", .serialized)
struct ContextsTests {
    /// Two stand-in clusters, each serving the controller's ConfigMap, in one kubeconfig with a
    /// context per cluster (`int`, `prod`). Both read the images from `int`'s registry (one
    /// `--registry-endpoint` serves every context); their nodes and configurations differ.
    final class Setup {
        let int = try! Cluster(), prod = try! Cluster()
        let scratch = ScratchDirectory()
        /// `prod`'s configuration: the fixture's without weeklies and dailies, so its prepull
        /// set shows which ConfigMap was read.
        let prodConfig: String

        init() throws {
            int.loadFixture(nodes: 4, tags: 20)
            prod.loadFixture(nodes: 6, tags: 20)
            int.server.controllerConfig = try String(contentsOfFile: int.config(), encoding: .utf8)
            prodConfig = prod.scratch.write("prod-config.yaml",
                                            try String(contentsOfFile: prod.config(), encoding: .utf8) + "\n  numWeeklies: 0\n  numDailies: 0\n")
            prod.server.controllerConfig = try String(contentsOfFile: prodConfig, encoding: .utf8)
        }

        /// A kubeconfig with contexts `int` and `prod` (and `dead`, a server that never answers, when given).
        func kubeconfig(dead: String? = nil) -> String {
            var servers = [("int", int.server.kubernetesURL, int.server.caCertificatePEM),
                           ("prod", prod.server.kubernetesURL, prod.server.caCertificatePEM)]
            if let dead { servers.append(("dead", dead, int.server.caCertificatePEM)) }
            var lines = ["apiVersion: v1", "kind: Config", "clusters:"]
            for (name, url, ca) in servers {
                lines += ["- name: \(name)", "  cluster:", "    server: \(url)",
                          "    certificate-authority-data: \(Data(ca.utf8).base64EncodedString())"]
            }
            lines += ["users:", "- name: admin", "  user:", "    token: \(Cluster.kubeToken)", "contexts:"]
            for (name, _, _) in servers { lines += ["- name: \(name)", "  context: {cluster: \(name), user: admin}"] }
            lines.append("current-context: int")
            return scratch.write(dead == nil ? "kubeconfig" : "kubeconfig-dead", lines.joined(separator: "\n") + "\n")
        }

        var endpoint: String { int.server.registryURL }

        func snapshot(_ contexts: String, _ extra: [String] = []) async throws -> Binary.Result {
            try await Binary.run(["snapshot", "--contexts", contexts, "--kubeconfig", kubeconfig(), "--registry-endpoint", endpoint] + extra,
                                 environment: ["GOOGLE_OAUTH_ACCESS_TOKEN": Cluster.registryToken])
        }

        /// The one-environment snapshot of `context` with `config` as a file.
        func single(_ context: String, config: String) async throws -> [String: Any] {
            let result = try await Binary.run(["snapshot", "--config", config, "--kubeconfig", kubeconfig(), "--context", context,
                                               "--registry-endpoint", endpoint],
                                              environment: ["GOOGLE_OAUTH_ACCESS_TOKEN": Cluster.registryToken])
            #expect(result.status == 0, "\(result.stderr)")
            return try EnvironmentsSnapshotTests.members(result.stdout)
        }

        /// Each environment's images, menu and prepulls are its own snapshot's with its ConfigMap as a file.
        func expectTheirOwn(_ document: [String: Any], sourceLocation: SourceLocation = #_sourceLocation) async throws {
            for (name, config) in [("int", int.config()), ("prod", prodConfig)] {
                let single = try await single(name, config: config)
                let environment = try #require(document[name] as? [String: Any], "\(name): \(document)", sourceLocation: sourceLocation)
                for key in ["images", "menu", "prepulls"] {
                    #expect(try EnvironmentsSnapshotTests.canonical(environment[key]) == EnvironmentsSnapshotTests.canonical(single[key]),
                            "\(name): \(key) differs from the snapshot with its ConfigMap as a file", sourceLocation: sourceLocation)
                }
            }
        }
    }

    @Test("snapshot --contexts int,prod: each context's document, from its own ConfigMap") func bothFromTheirConfigMaps() async throws {
        let setup = try Setup()
        let result = try await setup.snapshot("int,prod")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty, "\(result.stderr)")
        let document = try EnvironmentsSnapshotTests.members(result.stdout)
        #expect(document.keys.sorted() == ["int", "prod"])
        try await setup.expectTheirOwn(document)
        // The two ConfigMaps differ (prod prepulls no weeklies nor dailies): so do the prepull sets.
        let sets = try ["int", "prod"].map { try EnvironmentsSnapshotTests.canonical((document[$0] as? [String: Any])?["prepulls"]) }
        #expect(sets[0] != sets[1], "each context read its own ConfigMap")
        for secret in [Cluster.registryToken, Cluster.kubeToken] {
            #expect(!result.stdout.contains(secret) && !result.stderr.contains(secret))
        }
    }

    @Test("a context whose cluster has no ConfigMap: its error line, the other still fine, exit 1") func oneWithoutConfigMap() async throws {
        let setup = try Setup()
        setup.prod.server.controllerConfig = nil
        let result = try await setup.snapshot("int,prod")
        #expect(result.status == 1)
        let document = try EnvironmentsSnapshotTests.members(result.stdout)
        #expect(document.keys.sorted() == ["int", "prod"])
        #expect((document["int"] as? [String: Any])?["images"] != nil, "\(result.stdout)")
        let error = (document["prod"] as? [String: String])?["error"] ?? ""
        #expect(error.hasPrefix("no Nublado controller configuration nublado/nublado-controller-config in context prod"), "\(error)")
        #expect(result.stderr.split(separator: "\n") == ["nubladash: prod: \(error)", "nubladash: 1 of 2 environments failed: prod"],
                "\(result.stderr)")
        let text = try await setup.snapshot("int,prod", ["--format", "text"])
        #expect(text.status == 1)
        let lines = text.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 2, "\(text.stdout)")
        #expect(lines.first?.hasPrefix("int   ok  ") == true, "\(lines)")
        #expect(lines.last?.hasPrefix("prod  error  no Nublado controller configuration") == true, "\(lines)")
    }

    @Test("a context not in the kubeconfig: that environment's one-line error, the other fine") func unknownContext() async throws {
        let setup = try Setup()
        let result = try await setup.snapshot("int,nosuch")
        #expect(result.status == 1)
        let document = try EnvironmentsSnapshotTests.members(result.stdout)
        #expect((document["int"] as? [String: Any])?["prepulls"] != nil, "\(result.stdout)")
        let error = (document["nosuch"] as? [String: String])?["error"] ?? ""
        #expect(error.contains("nosuch"), "\(error)")
        #expect(!error.contains("--config"), "the kubeconfig's own error, not one about a missing --config: \(error)")
        #expect(result.stderr.split(separator: "\n").count == 2, "\(result.stderr)")
        #expect(result.stderr.hasSuffix("nubladash: 1 of 2 environments failed: nosuch\n"), "\(result.stderr)")
    }

    @Test("an environments file entry without config reads its cluster's ConfigMap") func fileEntryWithoutConfig() async throws {
        let setup = try Setup()
        let kubeconfig = setup.kubeconfig()
        let file = setup.scratch.write("environments.yaml", """
            environments:
              - {name: int, kubeconfig: \(kubeconfig), context: int, registryEndpoint: "\(setup.endpoint)"}
              - {name: prod, kubeconfig: \(kubeconfig), context: prod, registryEndpoint: "\(setup.endpoint)"}
            """)
        let result = try await Binary.run(["snapshot", "--environments", file],
                                          environment: ["GOOGLE_OAUTH_ACCESS_TOKEN": Cluster.registryToken])
        #expect(result.status == 0, "\(result.stderr)")
        try await setup.expectTheirOwn(try EnvironmentsSnapshotTests.members(result.stdout))
    }

    @Test("--contexts usage errors: empty, a name twice, with --config, --environments, --context or --demo; auth-check: exit 64, one line",
          arguments: [
              (["snapshot", "--contexts", ""], "found an empty one"),
              (["snapshot", "--contexts", "a,,b"], "found an empty one"),
              (["snapshot", "--contexts", "a,b,a"], "context 'a' is given twice"),
              (["snapshot", "--contexts", "a", "--config", "c.yaml"], "--contexts reads each context's configuration"),
              (["snapshot", "--contexts", "a", "--environments", "e.yaml"], "--contexts reads each context's configuration"),
              (["--contexts", "a", "--context", "b"], "--contexts reads each context's configuration"),
              (["--contexts", "a", "--demo"], "--contexts reads each context's configuration"),
              (["auth-check", "--contexts", "a"], "auth-check checks one context"),
          ])
    func usageErrors(arguments: [String], fragment: String) async throws {
        let result = try await Binary.run(arguments)
        #expect(result.status == 64, "\(arguments): \(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains(fragment), "\(arguments): \(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "one line: \(result.stderr)")
    }
}
