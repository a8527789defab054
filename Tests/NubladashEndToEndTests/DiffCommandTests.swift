import Foundation
import NubladaEngine
import NubladaStandIn
import NubladaTestSupport
import Testing

/// `nubladash diff --config FILE` against the stand-in's ConfigMap, registry and nodes: exit 1
/// with the differing keys, the images entering and leaving and the node pulls (counted here
/// from the stand-in's own nodes); exit 0 for no change; exit 2 and one line for trouble.
@Suite("nubladash diff", .serialized)
struct DiffCommandTests {
    /// The fixture, kept to count what the binary should find.
    let dataset = StandInFixtures.dataset(nodes: 8, imagesPerNode: 8, tags: 30, seed: 3)
    let cluster: Cluster

    init() throws {
        cluster = try Cluster()
        cluster.source = dataset.source
        cluster.server.load(dataset)
    }

    var sourceLine: String {
        let source = dataset.source
        return "  source: {type: google, location: \(source.location), projectId: \(source.projectID), repository: \(source.repository), image: \(source.image)}"
    }

    /// The deployed configuration: the controller's defaults (2 weeklies, 3 dailies).
    var deployed: String { "images:\n\(sourceLine)\n" }

    /// The change under review: 4 weeklies, 1 daily.
    var proposed: String { "images:\n\(sourceLine)\n  numWeeklies: 4\n  numDailies: 1\n" }

    func diff(_ file: String, _ extra: [String] = []) async throws -> Binary.Result {
        try await Binary.run(["diff", "--config", file, "--kubeconfig", cluster.kubeconfig(),
                              "--registry-endpoint", cluster.server.registryURL] + extra,
                             environment: ["GOOGLE_OAUTH_ACCESS_TOKEN": Cluster.registryToken, "LANG": "C.UTF-8"])
    }

    /// The fixture's tags of one kind (`w_`, `d_`), newest first, with their digests.
    func tags(_ prefix: String) -> [(tag: String, digest: String)] {
        dataset.entries.compactMap { entry -> (String, String)? in
            guard let tag = entry.tags.first, tag.hasPrefix(prefix), let at = entry.uri.firstIndex(of: "@") else { return nil }
            return (tag, String(entry.uri[entry.uri.index(after: at)...]))
        }.sorted { $0.0 > $1.0 }
    }

    /// The node pulls the change starts, counted from the stand-in's nodes: for each entering
    /// image, the nodes eligible with no tolerations (no taint but PreferNoSchedule) that do not cache it.
    func expectedPulls(_ entering: [(tag: String, digest: String)]) -> Int {
        let eligible = dataset.nodes.filter { $0.taints.allSatisfy { $0.effect == "PreferNoSchedule" } }
        return entering.reduce(0) { sum, image in
            sum + eligible.filter { node in !node.images.contains { $0.names.contains { $0.hasSuffix("@" + image.digest) } } }.count
        }
    }

    @Test("a changed file: exit 1, the key line, the entering and leaving tags and the node pulls")
    func changed() async throws {
        cluster.server.controllerConfig = deployed
        let weeklies = tags("w_"), dailies = tags("d_")
        try #require(weeklies.count >= 4 && dailies.count >= 3)
        let entering = Array(weeklies[2..<4]), leaving = Array(dailies[1..<3])
        let pulls = expectedPulls(entering)
        try #require(pulls > 0, "the fixture should leave the entering weeklies missing somewhere")

        let requestsBefore = cluster.server.registryRequestCount
        let result = try await diff(cluster.scratch.write("proposed.yaml", proposed))
        #expect(result.status == 1, "stderr: \(result.stderr)")
        // One source: one listing (a single page here) serves both evaluations.
        #expect(cluster.server.registryRequestCount - requestsBefore == 1)
        #expect(result.stderr.isEmpty)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("  images.numWeeklies: 2 → 4"), "\(result.stdout)")
        #expect(lines.contains("  images.numDailies: 3 → 1"), "\(result.stdout)")
        for image in entering {
            #expect(lines.contains { $0.hasPrefix("  + \(image.tag) ") }, "\(image.tag) entering: \(result.stdout)")
        }
        for image in leaving {
            #expect(lines.contains { $0.hasPrefix("  - \(image.tag) ") }, "\(image.tag) leaving: \(result.stdout)")
        }
        #expect(lines.contains { $0.hasPrefix("Pulls     \(pulls) node pull") }, "expected \(pulls) pulls: \(result.stdout)")

        let json = try await diff(cluster.scratch.write("proposed.yaml", proposed), ["--format", "json"])
        #expect(json.status == 1, "stderr: \(json.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["pulls"] as? Int == pulls)
        #expect(object["changed"] as? Bool == true)
        let config = try #require(object["config"] as? [[String: Any]])
        #expect(config.contains { $0["key"] as? String == "images.numWeeklies" && $0["from"] as? String == "2" && $0["to"] as? String == "4" })
        let prepull = try #require(object["prepull"] as? [String: Any])
        let added = try #require(prepull["add"] as? [[String: Any]]), removed = try #require(prepull["remove"] as? [[String: Any]])
        #expect(Set(added.compactMap { $0["tag"] as? String }) == Set(entering.map(\.tag)))
        #expect(Set(removed.compactMap { $0["tag"] as? String }) == Set(leaving.map(\.tag)))
        #expect(added.compactMap { $0["pulls"] as? Int }.reduce(0, +) == pulls)
        let menu = try #require(object["menu"] as? [String: Any])
        #expect(menu["add"] is [Any] && menu["remove"] is [Any])
    }

    @Test("a Docker source: the tags read once, each digest either side prepulls fetched once; the same pulls")
    func dockerSource() async throws {
        let docker = try DockerSnapshotTests.DockerCluster()
        let source = "  source: {type: docker, registry: \(docker.cluster.source.registry), repository: \(docker.cluster.source.path)}"
        docker.server.controllerConfig = "images:\n\(source)\n"
        let file = docker.cluster.scratch.write("proposed.yaml", "images:\n\(source)\n  numWeeklies: 4\n  numDailies: 1\n")
        let weeklies = tags("w_"), dailies = tags("d_")
        try #require(weeklies.count >= 4 && dailies.count >= 3)
        let pulls = expectedPulls(Array(weeklies[2..<4]))
        let result = try await Binary.run(["diff", "--config", file, "--kubeconfig", docker.cluster.kubeconfig(),
                                           "--registry-endpoint", docker.server.registryURL, "--format", "json"],
                                          environment: ["DOCKER_CONFIG": docker.dockerConfig()])
        #expect(result.status == 1, "stderr: \(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["pulls"] as? Int == pulls)
        let prepull = try #require(object["prepull"] as? [String: Any])
        let added = try #require(prepull["add"] as? [[String: Any]])
        #expect(Set(added.compactMap { $0["tag"] as? String }) == Set(weeklies[2..<4].map(\.tag)))
        let tagPages = docker.server.dockerRequests.filter { $0.target.contains("/tags/list") && $0.authorization != "none" }
        #expect(tagPages.count == 1, "\(tagPages.map(\.target))")
        let manifests = docker.server.dockerRequests.filter { $0.target.contains("/manifests/") && $0.authorization != "none" }
        #expect(Set(manifests.map(\.target)).count == manifests.count, "a digest fetched twice: \(manifests.map(\.target))")
        for tag in weeklies.prefix(4).map(\.tag) + dailies.prefix(1).map(\.tag) + ["recommended"] {
            #expect(manifests.contains { $0.target.hasSuffix("/manifests/\(tag)") }, "\(tag) not fetched")
        }
    }

    @Test("the file the cluster runs: exit 0, no key differs, and it says there is no change")
    func unchanged() async throws {
        cluster.server.controllerConfig = deployed
        // The same settings with a default written out and as a Phalanx values file.
        let values = "controller:\n  config:\n    images:\n    \(sourceLine)\n      numWeeklies: 2\n"
        let result = try await diff(cluster.scratch.write("values.yaml", values))
        #expect(result.status == 0, "stdout: \(result.stdout) stderr: \(result.stderr)")
        #expect(result.stdout.contains("(no setting differs)"), "\(result.stdout)")
        #expect(result.stdout.contains("No change to the prepull set or the menu."), "\(result.stdout)")

        let json = try await diff(cluster.scratch.write("values.yaml", values), ["--format", "json"])
        #expect(json.status == 0, "stderr: \(json.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect((object["config"] as? [Any])?.isEmpty == true)
        #expect(object["pulls"] as? Int == 0)
        #expect(object["changed"] as? Bool == false)
    }

    @Test("text from the files reaches the terminal escaped")
    func escaped() async throws {
        cluster.server.controllerConfig = deployed
        // YAML's "\e" is the escape character: a terminal control sequence in a tag name.
        let file = cluster.scratch.write("hostile.yaml", "images:\n\(sourceLine)\n  recommendedTag: \"x\\e[2Jy\"\n")
        let result = try await diff(file)
        #expect(result.status == 0 || result.status == 1, "stderr: \(result.stderr)")
        #expect(result.stdout.contains("images.recommendedTag: recommended → x\\u{1B}[2Jy"), "\(result.stdout)")
        #expect(!result.stdout.unicodeScalars.contains("\u{1B}"), "an escape reached the terminal: \(result.stdout)")
    }

    @Test("a broken file, a missing file, no ConfigMap, a forbidden one: exit 2, one line")
    func trouble() async throws {
        func expectTrouble(_ file: String, _ fragment: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
            let result = try await diff(file)
            #expect(result.status == 2, "stderr: \(result.stderr)", sourceLocation: sourceLocation)
            #expect(result.stdout.isEmpty, sourceLocation: sourceLocation)
            #expect(result.stderr.split(separator: "\n").count == 1, "stderr: \(result.stderr)", sourceLocation: sourceLocation)
            #expect(result.stderr.contains(fragment), "stderr: \(result.stderr)", sourceLocation: sourceLocation)
        }
        cluster.server.controllerConfig = deployed
        try await expectTrouble(cluster.scratch.write("broken.yaml", "images: [broken\n"), "broken.yaml")
        try await expectTrouble(cluster.scratch.path + "/absent.yaml", "absent.yaml")
        let good = cluster.scratch.write("proposed.yaml", proposed)
        cluster.server.controllerConfig = nil
        try await expectTrouble(good, "no Nublado controller configuration nublado/nublado-controller-config in context")
        cluster.server.controllerConfig = "images:\n  numWeeklies: 2\n"
        try await expectTrouble(good, "images.source: missing in nublado/nublado-controller-config")
        cluster.server.controllerConfig = deployed
        cluster.server.configMapsForbidden = true
        try await expectTrouble(good, "get configmaps in namespace nublado")
    }
}
