import Foundation
import NubladaEngine
import Testing

/// `nubladash snapshot --environments FILE` (issue 11 item 5): every environment's documents
/// under its name, `{error}` for one that failed, exit 1 with the failing names on stderr.
@Suite("nubladash snapshot --environments", .serialized)
struct EnvironmentsSnapshotTests {
    /// Two stand-in clusters and an environments file naming them (plus `extra` entries).
    final class Setup {
        let first = try! Cluster(), second = try! Cluster()
        let scratch = ScratchDirectory()

        init() {
            first.loadFixture(nodes: 4, tags: 20)
            second.loadFixture(nodes: 6, tags: 30)
        }

        func entry(_ name: String, _ cluster: Cluster, kubeconfig: String? = nil) -> String {
            "  - {name: \(name), config: \(cluster.config()), kubeconfig: \(kubeconfig ?? cluster.kubeconfig()), registryEndpoint: \"\(cluster.server.registryURL)\"}"
        }

        func file(_ lines: [String]) -> String {
            scratch.write("environments.yaml", "environments:\n" + lines.joined(separator: "\n") + "\n")
        }

        func run(_ file: String, _ extra: [String] = []) async throws -> Binary.Result {
            try await Binary.run(["snapshot", "--environments", file] + extra,
                                 environment: ["GOOGLE_OAUTH_ACCESS_TOKEN": Cluster.registryToken])
        }
    }

    static func members(_ text: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] ?? [:]
    }

    static func canonical(_ value: Any?) throws -> Data {
        try JSONSerialization.data(withJSONObject: value ?? NSNull(), options: [.sortedKeys, .fragmentsAllowed])
    }

    @Test("every environment's document under its name, the same as its own snapshot") func allGood() async throws {
        let setup = Setup()
        let result = try await setup.run(setup.file([setup.entry("idfint", setup.first), setup.entry("idfprod", setup.second)]))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        let document = try Self.members(result.stdout)
        #expect(document.keys.sorted() == ["idfint", "idfprod"])
        let single = try Self.members(try await setup.second.snapshot().stdout)
        let prod = document["idfprod"] as? [String: Any]
        #expect(prod?.keys.sorted() == ["activity", "aliases", "images", "menu", "prepulls"])
        for key in ["images", "menu", "prepulls"] {
            #expect(try Self.canonical(prod?[key]) == Self.canonical(single[key]), "\(key) differs from the one-environment snapshot")
        }
    }

    @Test("one failing environment: {error} under its name, exit 1, its name on stderr, no secret") func oneFails() async throws {
        let setup = Setup()
        let file = setup.file([
            setup.entry("good", setup.first),
            setup.entry("nokube", setup.second, kubeconfig: "/nonexistent/kubeconfig"),
            "  - {name: noconfig, config: [a]}",
        ])
        let result = try await setup.run(file)
        #expect(result.status == 1)
        let document = try Self.members(result.stdout)
        #expect(document.keys.sorted() == ["good", "noconfig", "nokube"])
        #expect((document["good"] as? [String: Any])?["images"] != nil)
        #expect((document["nokube"] as? [String: String]) == ["error": "kubeconfig /nonexistent/kubeconfig: no such file"])
        #expect((document["noconfig"] as? [String: String]) == ["error": "config: expected a string"])
        #expect(result.stderr.split(separator: "\n") == [
            "nubladash: environments.yaml: noconfig: config: expected a string",
            "nubladash: nokube: kubeconfig /nonexistent/kubeconfig: no such file",
            "nubladash: 2 of 3 environments failed: nokube, noconfig",
        ])
        for secret in [Cluster.registryToken, Cluster.kubeToken] {
            #expect(!result.stdout.contains(secret) && !result.stderr.contains(secret))
        }
    }

    @Test("a registry that refuses the token fails that environment only") func refused() async throws {
        let setup = Setup()
        setup.second.server.unauthorized = true
        let result = try await setup.run(setup.file([setup.entry("good", setup.first), setup.entry("refused", setup.second)]))
        #expect(result.status == 1)
        let document = try Self.members(result.stdout)
        #expect((document["good"] as? [String: Any])?["prepulls"] != nil)
        let error = (document["refused"] as? [String: String])?["error"] ?? ""
        #expect(error.contains("401"), "\(error)")
        #expect(result.stderr.hasSuffix("nubladash: 1 of 2 environments failed: refused\n"))
    }

    @Test("--format text: one line per environment") func text() async throws {
        let setup = Setup()
        let file = setup.file([setup.entry("int", setup.first), setup.entry("prod", setup.second, kubeconfig: "/nonexistent/k")])
        let result = try await setup.run(file, ["--format", "text"])
        #expect(result.status == 1)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 2, "\(result.stdout)")
        #expect(lines.first?.hasPrefix("int   ok     ") == true, "\(lines)")
        #expect(lines.first?.contains("nodes eligible") == true)
        #expect(lines.last == "prod  error  kubeconfig /nonexistent/k: no such file")
    }

    /// A failing prepull pull in `first`; `second` as given (pods forbidden in some tests).
    static func failingPull(_ cluster: Cluster) {
        let now = ISO8601DateFormatter().string(from: Date())
        cluster.server.setPods([SnapshotActivityTests.prepull("gone-node", reason: "ErrImagePull", created: now)])
    }

    @Test("--format text with --fail-on: the line that trips it says failing with the pull, not ok; exit 3")
    func textFailOn() async throws {
        let setup = Setup()
        Self.failingPull(setup.first)
        let file = setup.file([setup.entry("int", setup.first), setup.entry("prod", setup.second)])
        let result = try await setup.run(file, ["--format", "text", "--fail-on", "failing"])
        #expect(result.status == 3, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 2, "\(result.stdout)")
        #expect(lines.first?.hasPrefix("int   failing  ") == true, "\(lines)")
        #expect(lines.first?.contains("0 pulling, 1 failing, 0 stuck") == true, "\(lines)")
        #expect(lines.last?.hasPrefix("prod  ok       ") == true, "\(lines)")
        // Without --fail-on nothing is judged: the same pull leaves the line ok.
        let plain = try await setup.run(file, ["--format", "text"])
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(plain.stdout.hasPrefix("int   ok     "), "\(plain.stdout)")
    }

    @Test("--fail-on with an environment whose pods cannot be read: exit 1, one line naming it and what could not be read")
    func failOnForbidden() async throws {
        let setup = Setup()
        setup.second.server.podsForbidden = true
        let file = setup.file([setup.entry("int", setup.first), setup.entry("prod", setup.second)])
        for format in ["json", "text"] {
            let result = try await setup.run(file, ["--format", format, "--fail-on", "stuck"])
            #expect(result.status == 1, "\(result.stderr)")
            #expect(result.stderr == "nubladash: prod: cannot check --fail-on stuck: pods could not be read: "
                    + "forbidden: the user needs permission to list pods in all namespaces\n", "\(result.stderr)")
            if format == "text" {
                let lines = result.stdout.split(separator: "\n").map(String.init)
                #expect(lines.last?.hasPrefix("prod  unknown  ") == true, "\(lines)")
                #expect(lines.last?.hasSuffix("pods could not be read: forbidden: the user needs permission to list pods in all namespaces") == true, "\(lines)")
            }
        }
    }

    @Test("a name defined twice, the second broken: one line naming both places beside its ok, not the second's error")
    func definedTwice() async throws {
        let setup = Setup()
        let broken = setup.scratch.write("broken.yaml", "images:\n  source: {type: google, location: l}\n")
        let file = setup.file([setup.entry("int", setup.first), "  - {name: int, config: \(broken)}"])
        let result = try await setup.run(file, ["--format", "text"])
        #expect(result.stdout.hasPrefix("int  ok     "), "\(result.stdout)")
        #expect(result.stderr == "nubladash: environments.yaml: int: defined twice, as environments[0] and environments[1] (the first is used)\n",
                "\(result.stderr)")
    }

    @Test("--environments with --config is a usage error") func withConfig() async throws {
        let setup = Setup()
        let file = setup.file([setup.entry("int", setup.first)])
        let result = try await Binary.run(["snapshot", "--environments", file, "--config", setup.first.config()])
        #expect(result.status == 64)
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(result.stderr.contains("--environments names each environment's config"))
    }

    @Test("an environments file that is not one: one line, exit 1") func notAFile() async throws {
        let setup = Setup()
        let result = try await setup.run(setup.scratch.write("environments.yaml", "- just\n- a list\n"))
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == "nubladash: environments.yaml: expected a mapping with environments (a list) or phalanx and contexts\n")
    }
}
