import Foundation
import NubladaEngine
import NubladaStandIn
import NubladaTestSupport
import Testing

/// `nubladash snapshot` on a Docker registry source (the stand-in's, with token auth): the
/// contract of the conformance run, and every bad input as one clear line and exit 1, never a
/// secret.
@Suite("nubladash snapshot: a Docker registry", .serialized)
struct DockerSnapshotTests {
    static let password = "docker-secret-93e1c4"

    /// The fixture cluster with its images served as a Docker repository under the same host
    /// and path (so the nodes' image names match), Basic credentials for its token service.
    final class DockerCluster {
        let cluster: Cluster
        let tagCount: Int

        init() throws {
            cluster = try Cluster()
            let dataset = StandInFixtures.dataset(nodes: 8, imagesPerNode: 8, tags: 30, seed: 3)
            cluster.source = dataset.source
            cluster.server.load(dataset)
            let manifests = dataset.entries.filter { $0.nameAndDigest?.name == dataset.source.image }.flatMap { entry in
                entry.tags.map { StandInDockerManifest(tag: $0, digest: entry.nameAndDigest!.digest) }
            }
            tagCount = manifests.count
            cluster.server.setDockerRepository(dataset.source.path, manifests: manifests)
            var settings = cluster.server.dockerSettings
            settings.password = DockerSnapshotTests.password
            settings.allowAnonymous = false
            cluster.server.dockerSettings = settings
        }

        var server: StandInServer { cluster.server }

        func config(repository: String? = nil) -> String {
            cluster.scratch.write("docker-config.yaml", """
                images:
                  source: {type: docker, registry: \(cluster.source.registry), repository: \(repository ?? cluster.source.path)}
                """)
        }

        /// A docker `config.json` folder (for `DOCKER_CONFIG`) holding `json`.
        func dockerConfig(_ json: String) -> String {
            let folder = "docker-\(UUID().uuidString)"
            cluster.scratch.write("\(folder)/config.json", json)
            return "\(cluster.scratch.path)/\(folder)"
        }

        func dockerConfig(password: String = DockerSnapshotTests.password) -> String {
            let auth = Data("\(server.dockerSettings.username):\(password)".utf8).base64EncodedString()
            return dockerConfig(#"{"auths": {"\#(cluster.source.registry)": {"auth": "\#(auth)"}}}"#)
        }

        func snapshot(config: String? = nil, dockerConfig: String? = nil, endpoint: String? = nil,
                      environment: [String: String] = [:], timeout: Double = 90) async throws -> Binary.Result {
            var env = ["DOCKER_CONFIG": dockerConfig ?? self.dockerConfig()]
            env.merge(environment) { $1 }
            return try await Binary.run(["snapshot", "--config", config ?? self.config(), "--kubeconfig", cluster.kubeconfig(),
                                         "--registry-endpoint", endpoint ?? server.registryURL], environment: env,
                                        timeout: timeout)
        }
    }

    func expectOneLineFailure(_ result: Binary.Result, contains fragment: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status == 1, sourceLocation: sourceLocation)
        #expect(result.stdout.isEmpty, sourceLocation: sourceLocation)
        #expect(result.stderr.split(separator: "\n").count == 1, "stderr: \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.hasPrefix("nubladash: "), sourceLocation: sourceLocation)
        #expect(result.stderr.contains(fragment), "stderr: \(result.stderr)", sourceLocation: sourceLocation)
        let basic = Data("docker-user:\(Self.password)".utf8).base64EncodedString()
        for secret in [Self.password, basic, Cluster.kubeToken] {
            #expect(!result.stderr.contains(secret), sourceLocation: sourceLocation)
        }
    }

    @Test("every tag listed, digests for the prepull set only") func snapshot() async throws {
        let docker = try DockerCluster()
        let result = try await docker.snapshot()
        #expect(result.status == 0, "\(result.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let all = try #require((document["images"] as? [String: Any])?["all"] as? [[String: Any]])
        #expect(all.count > 10 && all.count <= docker.tagCount)
        let resolved = all.filter { $0["digest"] != nil }
        #expect(!resolved.isEmpty && resolved.count < all.count)
        let prepulls = try #require(document["prepulls"] as? [String: Any])
        #expect((prepulls["nodes"] as? [Any])?.count == 8)
        // One HEAD per prepull tag, never one per tag.
        let heads = docker.server.dockerRequests.filter { $0.method == "HEAD" }
        #expect(heads.count >= resolved.count && heads.count < docker.tagCount)
        #expect(!result.stdout.contains(Self.password))
    }

    @Test("an unknown registry host") func unknownHost() async throws {
        let docker = try DockerCluster()
        let config = docker.cluster.scratch.write("unknown.yaml", """
            images:
              source: {type: docker, registry: no-such-registry.invalid, repository: lsst-sqre/sciplat-lab}
            """)
        let result = try await Binary.run(["snapshot", "--config", config, "--kubeconfig", docker.cluster.kubeconfig()],
                                          environment: ["DOCKER_CONFIG": docker.dockerConfig("{}")], timeout: 120)
        expectOneLineFailure(result, contains: "no-such-registry.invalid")
    }

    @Test("the repository does not exist (404 NAME_UNKNOWN)") func repositoryNotFound() async throws {
        let docker = try DockerCluster()
        expectOneLineFailure(try await docker.snapshot(config: docker.config(repository: "lsst-sqre/no-such-lab")),
                             contains: "lsst-sqre/no-such-lab")
    }

    @Test("credentials refused") func credentialsRefused() async throws {
        let docker = try DockerCluster()
        let result = try await docker.snapshot(dockerConfig: docker.dockerConfig(password: "wrong-password"))
        expectOneLineFailure(result, contains: docker.cluster.source.registry)
        #expect(result.stderr.contains("refused") && !result.stderr.contains("wrong-password"), "\(result.stderr)")
    }

    @Test("no credentials where the registry gives no anonymous tokens") func anonymousRefused() async throws {
        let docker = try DockerCluster()
        expectOneLineFailure(try await docker.snapshot(dockerConfig: docker.dockerConfig("{}")), contains: "refused an anonymous pull token")
    }

    @Test("a malformed config.json names the file") func malformedDockerConfig() async throws {
        let docker = try DockerCluster()
        let folder = docker.dockerConfig(#"{"auths": {"x": "#)
        expectOneLineFailure(try await docker.snapshot(dockerConfig: folder), contains: "\(folder)/config.json")
    }

    @Test("a credential helper that is missing, or fails") func credentialHelpers() async throws {
        let docker = try DockerCluster()
        let missing = docker.dockerConfig(#"{"credsStore": "nubladash-test-missing"}"#)
        expectOneLineFailure(try await docker.snapshot(dockerConfig: missing), contains: "docker-credential-nubladash-test-missing")
        let bin = "\(docker.cluster.scratch.path)/bin"
        let helper = docker.cluster.scratch.write("bin/docker-credential-failing",
                                                  "#!/bin/sh\necho 'the keychain is locked' >&2\nexit 1\n")
        chmod(helper, 0o755)
        let failing = docker.dockerConfig(#"{"credsStore": "failing"}"#)
        expectOneLineFailure(try await docker.snapshot(dockerConfig: failing, environment: ["PATH": "\(bin):/usr/bin:/bin"]),
                             contains: "docker-credential-failing")
    }

    /// A helper whose message quotes its tokens, and one that floods its output: `snapshot` and
    /// `auth-check` (the same clients) show one scrubbed line naming the helper.
    @Test("a credential helper's message never shows its tokens, and its output is bounded, in snapshot and auth-check")
    func credentialHelperOutput() async throws {
        let docker = try DockerCluster()
        let githubToken = "ghp_R4nd0mT0k3nV4lu3F0rT3st1ngAbCdEf1234"
        let jwt = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJlLXBhcnQ"
        let bin = "\(docker.cluster.scratch.path)/bin"
        for (name, script) in [("leaky", "echo 'error: token \(githubToken) expired; Authorization: Bearer \(jwt)' >&2\nexit 1"),
                               ("flood", "head -c 200000000 /dev/zero\nexit 1")] {
            chmod(docker.cluster.scratch.write("bin/docker-credential-\(name)", "#!/bin/sh\n\(script)\n"), 0o755)
        }
        for (name, expected) in [("leaky", "error: token [redacted] expired; Authorization: Bearer [redacted]"),
                                 ("flood", "docker-credential-flood printed more than 1 MiB on standard output")] {
            let dockerConfig = docker.dockerConfig(#"{"credsStore": "\#(name)"}"#)
            let environment = ["PATH": "\(bin):/usr/bin:/bin"]
            let snapshot = try await docker.snapshot(dockerConfig: dockerConfig, environment: environment)
            expectOneLineFailure(snapshot, contains: expected)
            let authCheck = try await Binary.run(["auth-check", "--config", docker.config(), "--kubeconfig", docker.cluster.kubeconfig(),
                                                  "--registry-endpoint", docker.server.registryURL],
                                                 environment: environment.merging(["DOCKER_CONFIG": dockerConfig]) { $1 })
            #expect(authCheck.status == 1)
            #expect(authCheck.stdout.contains(expected), "\(authCheck.stdout)")
            for output in [snapshot.stderr, authCheck.stdout, authCheck.stderr] {
                #expect(!output.contains("ghp_") && !output.contains("eyJ") && !output.contains("\0"), "\(output.prefix(300))")
            }
        }
    }

    @Test("malformed tags/list JSON") func malformedTags() async throws {
        let docker = try DockerCluster()
        docker.server.malformedRegistry = true
        expectOneLineFailure(try await docker.snapshot(), contains: "malformed tags/list JSON")
    }

    @Test("a malformed Link header") func malformedLink() async throws {
        let docker = try DockerCluster()
        var settings = docker.server.dockerSettings
        settings.linkOverride = "next page, please"
        docker.server.dockerSettings = settings
        expectOneLineFailure(try await docker.snapshot(), contains: "malformed Link header")
    }
}
