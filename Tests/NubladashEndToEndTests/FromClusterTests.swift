import Foundation
import NubladaStandIn
import Testing

/// Starting from the kubeconfig alone: with no `--config`, `snapshot` and `auth-check` read the
/// controller's ConfigMap, and a Docker registry that asks for credentials gets the
/// controller's pull secret, which no output ever shows.
@Suite("nubladash from the cluster's own configuration", .serialized)
struct FromClusterTests {
    /// `nubladash ARGS` against `cluster` without `--config`.
    static func run(_ arguments: [String], _ cluster: Cluster, environment: [String: String] = [:]) async throws -> Binary.Result {
        try await Binary.run(arguments + ["--kubeconfig", cluster.kubeconfig(), "--registry-endpoint", cluster.server.registryURL],
                             environment: ["GOOGLE_OAUTH_ACCESS_TOKEN": Cluster.registryToken].merging(environment) { $1 })
    }

    /// A Docker registry whose credentials the cluster's pull secret holds (and its Basic
    /// `auth`), its configuration as the controller's ConfigMap.
    static func dockerClusterWithPullSecret() throws -> (DockerSnapshotTests.DockerCluster, basic: String) {
        let docker = try DockerSnapshotTests.DockerCluster()
        let server = docker.cluster.server, settings = server.dockerSettings
        server.controllerConfig = try String(contentsOfFile: docker.config(), encoding: .utf8)
        let basic = Data("\(settings.username):\(settings.password)".utf8).base64EncodedString()
        server.pullSecret = Data(#"{"auths": {"\#(docker.cluster.source.registry)": {"auth": "\#(basic)"}}}"#.utf8)
        return (docker, basic)
    }

    @Test("snapshot with no --config prints what it prints with the same configuration as a file")
    func snapshotFromTheConfigMap() async throws {
        let cluster = try Cluster()
        cluster.loadFixture()
        let file = cluster.config()
        cluster.server.controllerConfig = try String(contentsOfFile: file, encoding: .utf8)
        let fromCluster = try await Self.run(["snapshot"], cluster)
        let fromFile = try await cluster.snapshot(config: file)
        #expect(fromCluster.status == 0, "stderr: \(fromCluster.stderr)")
        #expect(fromFile.status == 0)
        #expect(!fromCluster.stdout.isEmpty)
        // The documents match but for the refresh time.
        func documents(_ text: String) throws -> [String: Any] {
            var object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            object["refreshed_at"] = nil
            object["activity"] = nil
            return object
        }
        let a = try documents(fromCluster.stdout), b = try documents(fromFile.stdout)
        #expect(NSDictionary(dictionary: a).isEqual(to: b))
    }

    @Test("no ConfigMap, a forbidden one, or one that does not parse: one line naming it, exit 1")
    func configMapErrors() async throws {
        let cluster = try Cluster()
        cluster.loadFixture()
        func expectFailure(_ fragment: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
            let result = try await Self.run(["snapshot"], cluster)
            #expect(result.status == 1, sourceLocation: sourceLocation)
            #expect(result.stdout.isEmpty, sourceLocation: sourceLocation)
            #expect(result.stderr.split(separator: "\n").count == 1, "stderr: \(result.stderr)", sourceLocation: sourceLocation)
            #expect(result.stderr.contains(fragment), "stderr: \(result.stderr)", sourceLocation: sourceLocation)
        }
        try await expectFailure("no Nublado controller configuration nublado/nublado-controller-config in context")
        cluster.server.controllerConfig = "images:\n  numWeeklies: 2\n"
        try await expectFailure("images.source: missing in nublado/nublado-controller-config")
        cluster.server.configMapsForbidden = true
        try await expectFailure("get configmaps in namespace nublado")
    }

    @Test("--config wins over the ConfigMap")
    func configFileWins() async throws {
        let cluster = try Cluster()
        cluster.loadFixture()
        cluster.server.controllerConfig = "images: [broken\n"
        let result = try await cluster.snapshot()
        #expect(result.status == 0, "stderr: \(result.stderr)")
    }

    @Test("auth-check says where the configuration came from")
    func authCheckConfigRow() async throws {
        let cluster = try Cluster()
        cluster.loadFixture()
        cluster.server.controllerConfig = try String(contentsOfFile: cluster.config(), encoding: .utf8)
        let result = try await Self.run(["auth-check"], cluster)
        #expect(result.status == 0, "stdout: \(result.stdout) stderr: \(result.stderr)")
        #expect(result.stdout.contains("config:") && result.stdout.contains("ConfigMap nublado/nublado-controller-config (resourceVersion"),
                "\(result.stdout)")
        cluster.server.controllerConfig = nil
        let missing = try await Self.run(["auth-check"], cluster)
        #expect(missing.status == 1)
        #expect(missing.stdout.contains("config:") && missing.stdout.contains("FAILED: no Nublado controller configuration nublado/nublado-controller-config"),
                "\(missing.stdout)")
    }

    @Test("a Docker registry gets the cluster's pull secret when nothing local has a credential; never shown")
    func dockerPullSecret() async throws {
        let (docker, basic) = try FromClusterTests.dockerClusterWithPullSecret()
        let cluster = docker.cluster, settings = cluster.server.dockerSettings
        let empty = docker.dockerConfig(#"{"auths": {}}"#)
        let secrets = [settings.password, basic, Cluster.kubeToken]

        let snapshot = try await Self.run(["snapshot", "--format", "text"], cluster, environment: ["DOCKER_CONFIG": empty])
        #expect(snapshot.status == 0, "stderr: \(snapshot.stderr)")
        let check = try await Self.run(["auth-check"], cluster, environment: ["DOCKER_CONFIG": empty])
        #expect(check.status == 0, "\(check.stdout) \(check.stderr)")
        #expect(check.stdout.contains("in cluster secret nublado/pull-secret"), "\(check.stdout)")

        let refused = try await Self.run(["snapshot", "--no-cluster-secrets"], cluster, environment: ["DOCKER_CONFIG": empty])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("needs credentials") || refused.stderr.contains("401"), "\(refused.stderr)")
        for result in [snapshot, check, refused] {
            for secret in secrets {
                #expect(!(result.stdout + result.stderr).contains(secret), "a secret was shown")
            }
        }
    }
}

/// The dashboard on the cluster's configuration follows a live change of the ConfigMap.
@Suite("The dashboard follows the controller's ConfigMap", .serialized, .enabled(if: TmuxSession.available, "tmux is not installed"))
struct FollowConfigMapTmuxTests {
    static func yaml(_ cluster: Cluster, weeklies: Int) -> String {
        let source = cluster.source
        return """
            images:
              source: {type: google, location: \(source.location), projectId: \(source.projectID), repository: \(source.repository), image: \(source.image)}
              numWeeklies: \(weeklies)
            """
    }

    /// `prepull N/M cached` of the header: M, the cells the prepull set asks for.
    static func prepullCells(_ screen: String) -> Int? {
        guard let range = screen.range(of: #"prepull \d+/\d+"#, options: .regularExpression) else { return nil }
        return screen[range].split(separator: "/").last.flatMap { Int($0) }
    }

    @Test("a change of the ConfigMap changes the matrix's columns at the next refresh, announced once by key")
    func liveChange() async throws {
        let cluster = try Cluster()
        cluster.loadFixture(nodes: 12, tags: 40)
        cluster.server.controllerConfig = Self.yaml(cluster, weeklies: 1)
        let command = "TERM=xterm-256color LANG=C.UTF-8 GOOGLE_OAUTH_ACCESS_TOKEN=\(Cluster.registryToken) "
            + "\(Binary.path) --kubeconfig \(cluster.kubeconfig()) --gar-endpoint \(cluster.server.registryURL) --refresh 5"
        let session = try await TmuxSession(command: command, cols: 160, rows: 35, scratch: cluster.scratch)
        let loaded = await session.waitFor { $0.contains("Prepull matrix") && $0.contains("idle") }.screen
        let before = try #require(Self.prepullCells(loaded), "\(loaded)")
        // The watch brings the change within moments; the refresh after it (every 5 s) uses it.
        cluster.server.controllerConfig = Self.yaml(cluster, weeklies: 3)
        let changed = await session.waitFor(timeout: 60) { $0.contains("configuration changed: images.numWeeklies 1 → 3") }
        #expect(changed.met, "\(changed.screen)")
        let after = try #require(Self.prepullCells(changed.screen), "\(changed.screen)")
        #expect(after > before, "prepull cells \(before) → \(after)")
        try await session.send("q")
        #expect(await session.exitStatus() == 0)
    }
}

/// The cluster's pull secret where a person looks: refused, said so; used, never on screen.
@Suite("The cluster's pull secret, refused or shown nowhere", .serialized)
struct PullSecretVisibilityTests {
    @Test("a pull secret nubladash may not read, while the registry needs credentials: one line naming it and how to give credentials locally")
    func refusedPullSecret() async throws {
        let docker = try DockerSnapshotTests.DockerCluster()
        let cluster = docker.cluster
        cluster.server.controllerConfig = try String(contentsOfFile: docker.config(), encoding: .utf8)
        cluster.server.secretsForbidden = true
        let result = try await FromClusterTests.run(["snapshot"], cluster, environment: ["DOCKER_CONFIG": docker.dockerConfig(#"{"auths": {}}"#)])
        #expect(result.status == 1)
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(result.stderr.contains("needs credentials"), "\(result.stderr)")
        #expect(result.stderr.contains("cluster secret nublado/pull-secret not readable"), "\(result.stderr)")
        #expect(result.stderr.contains("get secrets in namespace nublado"), "\(result.stderr)")
        #expect(result.stderr.contains("docker login") && result.stderr.contains("--docker-config"), "\(result.stderr)")
    }

    @Test("the dashboard on a registry reached with the cluster's pull secret shows its data, never the secret",
          .enabled(if: TmuxSession.available, "tmux is not installed"))
    func dashboardNeverShowsTheSecret() async throws {
        let (docker, basic) = try FromClusterTests.dockerClusterWithPullSecret()
        let cluster = docker.cluster, settings = cluster.server.dockerSettings
        let empty = docker.dockerConfig(#"{"auths": {}}"#)
        let command = "TERM=xterm-256color LANG=C.UTF-8 DOCKER_CONFIG=\(empty) \(Binary.path) --kubeconfig \(cluster.kubeconfig()) "
            + "--registry-endpoint \(cluster.server.registryURL) --refresh 60"
        let session = try await TmuxSession(command: command, cols: 200, rows: 40, scratch: cluster.scratch)
        let loaded = await session.waitFor { $0.contains("Prepull matrix") && $0.contains("idle") }
        #expect(loaded.met, "\(loaded.screen)")
        try await session.send("?")
        let help = await session.waitFor { $0.contains("read from ConfigMap nublado/nublado-controller-config") }
        #expect(help.met, "the help says where the configuration came from: \(help.screen)")
        try await session.send("Escape")
        try await session.send("Enter")
        let detail = await session.waitFor { $0.contains("Digest") || $0.contains("digest") }
        for screen in [loaded.screen, help.screen, detail.screen] {
            for secret in [settings.password, basic, Cluster.kubeToken] {
                #expect(!screen.contains(secret), "a secret on screen")
            }
        }
        try await session.send("Escape")
        try await session.send("q")
        #expect(await session.exitStatus() == 0)
    }
}
