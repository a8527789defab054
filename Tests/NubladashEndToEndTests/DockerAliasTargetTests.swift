import Foundation
import NubladaEngine
import NubladaStandIn
import NubladaTestSupport
import Testing

/// Where `recommended` points on a Docker source when it is outside the prepull set, through
/// the binary: the snapshot's `aliases` member, `snapshot --environments --format text`, and
/// the dashboard's alias row.
@Suite("An alias outside a Docker source's prepull set, through the binary", .serialized)
struct DockerAliasTargetTests {
    /// Ten weeklies, four prepulled, `recommended` on the 7th newest (`w_2026_34`).
    static let target = "w_2026_34"

    static func serve(_ docker: DockerSnapshotTests.DockerCluster) -> String {
        let weeklies = (31...40).map { StandInDockerManifest.synthetic(tag: "w_2026_\($0)") }
        let digest = weeklies.first { $0.tag == target }!.digest
        docker.server.setDockerRepository(docker.cluster.source.path,
                                          manifests: weeklies + [StandInDockerManifest(tag: "recommended", digest: digest)])
        return docker.cluster.scratch.write("docker-aliases.yaml", """
            images:
              source: {type: docker, registry: \(docker.cluster.source.registry), repository: \(docker.cluster.source.path)}
              numWeeklies: 4
              numReleases: 0
              numDailies: 0
            """)
    }

    @Test("snapshot --format json: aliases.recommended names the 7th newest weekly") func json() async throws {
        let docker = try DockerSnapshotTests.DockerCluster()
        let config = Self.serve(docker)
        let result = try await docker.snapshot(config: config)
        #expect(result.status == 0, "\(result.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let recommended = try #require((document["aliases"] as? [String: Any])?["recommended"] as? [String: Any])
        #expect(recommended["target"] as? String == Self.target)
        #expect(recommended["found_by"] as? String == "search")
        #expect((recommended["digest"] as? String)?.hasPrefix("sha256:") == true)
    }

    @Test("snapshot --environments --format text names the target") func environmentsText() async throws {
        let docker = try DockerSnapshotTests.DockerCluster()
        let config = Self.serve(docker)
        let file = docker.cluster.scratch.write("environments.yaml", """
            environments:
              - {name: summit, config: \(config), kubeconfig: \(docker.cluster.kubeconfig()), registryEndpoint: "\(docker.server.registryURL)"}
            """)
        let result = try await Binary.run(["snapshot", "--environments", file, "--format", "text"],
                                          environment: ["DOCKER_CONFIG": docker.dockerConfig()], timeout: 120)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("recommended → \(Self.target)") || result.stdout.contains("recommended -> \(Self.target)"),
                "\(result.stdout)")
    }

    @Test("the dashboard's alias row: recommended → the 7th newest weekly",
          .enabled(if: TmuxSession.available, "tmux is not installed"))
    func dashboardAliasRow() async throws {
        let docker = try DockerSnapshotTests.DockerCluster()
        let config = Self.serve(docker)
        let command = "TERM=xterm-256color LANG=C.UTF-8 DOCKER_CONFIG=\(docker.dockerConfig()) "
            + "\(Binary.path) --config \(config) --kubeconfig \(docker.cluster.kubeconfig()) "
            + "--registry-endpoint \(docker.server.registryURL) --refresh 60"
        let session = try await TmuxSession(command: command, cols: 140, rows: 35, scratch: docker.cluster.scratch)
        let shown = await session.waitFor { $0.contains("Prepull matrix") && $0.contains("idle") }
        #expect(shown.met, "\(shown.screen)")
        #expect(shown.screen.contains("recommended → \(Self.target)"), "\(shown.screen)")
        try await session.send("q")
        #expect(await session.exitStatus() == 0)
    }
}
