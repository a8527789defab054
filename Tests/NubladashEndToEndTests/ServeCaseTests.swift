import Foundation
import NubladaStandIn
import NubladaTestSupport
import Testing

/// `nubladash serve` on each conformance case (Tests/Fixtures/snapshot-cases and
/// docker-snapshot-cases, loaded into the stand-in with their faults): the exposition's
/// numbers are those of the controller's own documents (the case's `expected.json`).
@Suite("nubladash serve: the numbers of the conformance cases", .serialized)
struct ServeCaseTests {
    /// One case folder, and whether its registry is a Docker repository.
    struct Case: Sendable, CustomTestStringConvertible {
        var folder: String
        var name: String
        var testDescription: String { "\(folder)/\(name)" }
        var docker: Bool { folder == "docker-snapshot-cases" }

        func file(_ file: String) -> URL {
            Binary.repository.appendingPathComponent("Tests/Fixtures/\(folder)/\(name)/\(file)")
        }
    }

    static let cases: [Case] = ["snapshot-cases", "docker-snapshot-cases"].flatMap { folder in
        let path = Binary.repository.appendingPathComponent("Tests/Fixtures/\(folder)").path
        return ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted().map { Case(folder: folder, name: $0) }
    }

    /// A Docker case's repository: `{registry, repository, tags: [[tag, digest], …]}`.
    struct DockerRepository: Decodable {
        var registry: String
        var repository: String
        var tags: [[String]]
    }

    /// Starts `serve` on the case, its registry and nodes served by a stand-in with the case's
    /// faults (those the conformance run's `fake-args` give: `faults.txt`).
    static func serve(_ testCase: Case, _ cluster: Cluster) async throws -> ServeProcess {
        let faults = ((try? String(contentsOf: testCase.file("faults.txt"), encoding: .utf8)) ?? "").split(whereSeparator: \.isWhitespace)
        func count(after flag: String) -> Int? { faults.firstIndex(of: Substring(flag)).flatMap { Int(faults[$0 + 1]) } }
        try cluster.server.setNodes(json: Data(contentsOf: testCase.file("nodes.json")))
        let config = testCase.file("config.yaml").path, kubeconfig = cluster.kubeconfig()
        guard testCase.docker else {
            try cluster.server.setRegistry(json: Data(contentsOf: testCase.file("registry.json")))
            if let failures = count(after: "--fail-gar") { cluster.server.failRegistry(next: failures) }
            return try await ServeProcess(["--config", config, "--kubeconfig", kubeconfig, "--gar-endpoint", cluster.server.registryURL],
                                          environment: ["GOOGLE_OAUTH_ACCESS_TOKEN": Cluster.registryToken])
        }
        let repository = try JSONDecoder().decode(DockerRepository.self, from: Data(contentsOf: testCase.file("registry.json")))
        cluster.server.setDockerRepository(repository.repository, manifests: try repository.tags.map { pair in
            try #require(pair.count == 2, "a tag and its digest: \(pair)")
            return StandInDockerManifest(tag: pair[0], digest: pair[1])
        })
        let anonymous = faults.contains("--docker-anonymous")
        var settings = cluster.server.dockerSettings
        settings.allowAnonymous = anonymous
        if let page = count(after: "--docker-page") { settings.pageSizeCap = page }
        cluster.server.dockerSettings = settings
        if let failures = count(after: "--fail-docker") { cluster.server.failRegistry(next: failures) }
        let auth = Data("\(settings.username):\(settings.password)".utf8).base64EncodedString()
        cluster.scratch.write("docker/config.json", anonymous ? #"{"auths": {}}"#
                                  : #"{"auths": {"\#(repository.registry)": {"auth": "\#(auth)"}}}"#)
        return try await ServeProcess(["--config", config, "--kubeconfig", kubeconfig, "--registry-endpoint", cluster.server.registryURL],
                                      environment: ["DOCKER_CONFIG": "\(cluster.scratch.path)/docker"])
    }

    @Test("prepull images, cached and missing nodes per tag, missing images per eligible node, image info: as expected.json says",
          arguments: cases)
    func numbers(_ testCase: Case) async throws {
        let expected = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: testCase.file("expected.json"))) as? [String: Any])
        let prepulls = try #require(expected["prepulls"] as? [String: Any])
        let imageLists = try #require(prepulls["images"] as? [String: Any])
        let images = try ["prepulled", "pending"].flatMap { try #require(imageLists[$0] as? [[String: Any]]) }
        let nodes = try #require(prepulls["nodes"] as? [[String: Any]])
        let eligible = Set(nodes.filter { $0["eligible"] as? Bool == true }.compactMap { $0["name"] as? String })
        try #require(!images.isEmpty && !eligible.isEmpty, "the case has prepull images and eligible nodes")

        let cluster = try Cluster(pageCap: 7)
        let serve = try await Self.serve(testCase, cluster)
        let ready = try await serve.waitFor("/readyz", status: 200)
        try #require(ready.status == 200, "\(ready.text)")
        // The snapshot is kept just before the metrics are recorded: ask until the picture's series are there.
        let deadline = Date().addingTimeInterval(60)
        var exposition = try await serve.get("/metrics")
        while !exposition.text.contains("\nnubladash_prepull_images{"), Date() < deadline {
            try await Task.sleep(for: .milliseconds(100))
            exposition = try await serve.get("/metrics")
        }
        let ended = await serve.terminate()
        #expect(ended.exitCode == 0, "\(ended)")
        #expect(exposition.status == 200)
        let samples = try PrometheusText.samples(exposition.text)
        func named(_ name: String) -> [PrometheusText.Sample] { samples.filter { $0.name == name } }
        for sample in samples where sample.name.hasPrefix("nubladash_prepull") || sample.name.hasPrefix("nubladash_node") {
            #expect(sample.labels["environment"]?.isEmpty == false, "\(sample)")
        }

        #expect(named("nubladash_prepull_images").map(\.value) == [Double(images.count)])

        // Per tag: its eligible nodes that cache it, and the rest (no pods: missing or unknown).
        var cachedCellsByImage = 0
        var series: [String: [String: Double]] = [:]
        for sample in named("nubladash_prepull_image_nodes") {
            let tag = try #require(sample.labels["tag"]), state = try #require(sample.labels["state"])
            #expect(series[tag, default: [:]].updateValue(sample.value, forKey: state) == nil, "one series: \(sample)")
        }
        #expect(Set(series.keys) == Set(images.compactMap { $0["tag"] as? String }), "one tag per prepull image")
        for image in images {
            let tag = try #require(image["tag"] as? String)
            let cached = Set(try #require(image["nodes"] as? [String])).intersection(eligible).count
            let missing = try #require(image["missing"] as? [String]).count
            cachedCellsByImage += cached
            let states = series[tag] ?? [:]
            #expect(Set(states.keys) == ["cached", "missing", "pulling", "failing", "stuck", "unknown"], "\(tag)")
            #expect(states["cached"] == Double(cached), "\(tag): cached on \(cached) eligible nodes")
            #expect((states["missing"] ?? 0) + (states["unknown"] ?? 0) == Double(missing), "\(tag): missing on \(missing)")
            for state in ["pulling", "failing", "stuck"] { #expect(states[state] == 0, "\(tag) \(state): the cases have no pods") }
            #expect(states.values.reduce(0, +) == Double(eligible.count), "\(tag): the states add up to the eligible nodes")
        }
        // The cached cells as the nodes' side of the document says them.
        let cachedCells = nodes.filter { eligible.contains($0["name"] as? String ?? "") }
            .reduce(0) { $0 + (($1["cached"] as? [String])?.count ?? 0) }
        #expect(cachedCells == cachedCellsByImage, "the document's two sides agree")
        #expect(named("nubladash_prepull_image_nodes").filter { $0.labels["state"] == "cached" }.map(\.value).reduce(0, +)
                == Double(cachedCells))

        // Per eligible node: the prepull images it misses.
        var missingByNode: [String: Double] = [:]
        for sample in named("nubladash_node_prepull_missing") {
            let node = try #require(sample.labels["node"])
            #expect(missingByNode.updateValue(sample.value, forKey: node) == nil, "one series: \(sample)")
        }
        #expect(Set(missingByNode.keys) == eligible, "one series per eligible node")
        for node in eligible {
            let missing = images.filter { ($0["missing"] as? [String] ?? []).contains(node) }.count
            #expect(missingByNode[node] == Double(missing), "\(node) misses \(missing)")
        }

        // One image_info per prepull image, with its digest.
        let info = named("nubladash_image_info")
        #expect(info.count == images.count)
        #expect(info.allSatisfy { $0.value == 1 })
        let infoPairs = info.map { [$0.labels["tag"] ?? "", $0.labels["digest"] ?? ""] }
        let wantedPairs = images.map { [$0["tag"] as? String ?? "", $0["digest"] as? String ?? ""] }
        #expect(Set(infoPairs) == Set(wantedPairs))
    }

    @Test("the exposition reader: names, labels with escapes, values; comments skipped; a malformed line refused")
    func reader() throws {
        let samples = try PrometheusText.samples("""
            # HELP a_total Things.
            # TYPE a_total counter
            a_total 3
            b{environment="x",tag="w\\"1\\\\\\n",state="cached"} 2.5
            c{} 1e3 1700000000

            """)
        #expect(samples.map(\.name) == ["a_total", "b", "c"])
        #expect(samples[1].labels == ["environment": "x", "tag": "w\"1\\\n", "state": "cached"])
        #expect(samples.map(\.value) == [3, 2.5, 1000])
        for bad in ["d{tag=\"x} 1", "e 1x", "f{tag=x} 1", "g{tag=\"x\" 1"] {
            #expect(throws: PrometheusText.Malformed.self, "\(bad)") { try PrometheusText.samples(bad) }
        }
    }
}

/// The Prometheus text format's sample lines (`name{label="value",…} value [timestamp]`), read
/// as a scraper would, for comparing an exposition's numbers.
enum PrometheusText {
    struct Sample: Sendable, CustomStringConvertible {
        var name: String
        var labels: [String: String]
        var value: Double
        var description: String { "\(name)\(labels.sorted { $0.key < $1.key }) \(value)" }
    }

    struct Malformed: Error, CustomStringConvertible {
        var line: String
        var description: String { "not a sample line: \(line)" }
    }

    static func samples(_ text: String) throws -> [Sample] {
        try text.split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.allSatisfy(\.isWhitespace) }.map { try sample(String($0)) }
    }

    static func sample(_ line: String) throws -> Sample {
        let characters = Array(line)
        var index = 0
        func malformed() -> Malformed { Malformed(line: line) }
        func take(while predicate: (Character) -> Bool) -> String {
            let start = index
            while index < characters.count, predicate(characters[index]) { index += 1 }
            return String(characters[start..<index])
        }
        let name = take { $0.isLetter || $0.isNumber || $0 == "_" || $0 == ":" }
        guard !name.isEmpty else { throw malformed() }
        var labels: [String: String] = [:]
        if index < characters.count, characters[index] == "{" {
            index += 1
            while index < characters.count, characters[index] != "}" {
                let key = take { $0.isLetter || $0.isNumber || $0 == "_" }
                guard !key.isEmpty, index + 1 < characters.count, characters[index] == "=", characters[index + 1] == "\"" else { throw malformed() }
                index += 2
                var value = ""
                while true {
                    guard index < characters.count else { throw malformed() }
                    let character = characters[index]
                    index += 1
                    if character == "\"" { break }
                    guard character == "\\" else { value.append(character); continue }
                    guard index < characters.count else { throw malformed() }
                    switch characters[index] {
                    case "n": value.append("\n")
                    case "\\": value.append("\\")
                    case "\"": value.append("\"")
                    default: throw malformed()
                    }
                    index += 1
                }
                guard labels.updateValue(value, forKey: key) == nil, index < characters.count else { throw malformed() }
                if characters[index] == "," { index += 1 } else if characters[index] != "}" { throw malformed() }
            }
            guard index < characters.count else { throw malformed() }
            index += 1
        }
        let rest = String(characters[index...]).split(separator: " ")
        guard (1...2).contains(rest.count), let value = Double(rest[0]), rest.count == 1 || Int(rest[1]) != nil else { throw malformed() }
        return Sample(name: name, labels: labels, value: value)
    }
}
