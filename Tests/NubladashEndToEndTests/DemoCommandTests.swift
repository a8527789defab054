import Foundation
import NubladaProcess
import NubladaWork
import Testing

/// The demo from the outside: `demo-server` read by kubectl and `snapshot`, `snapshot --demo`
/// in process, and the option checks. (The dashboard itself is exercised by hand in tmux.)
@Suite(.serialized) struct DemoCommandTests {
    static let kubectl = "/usr/bin/kubectl"

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: kubectl)))
    func kubectlListsTheDemoNodes() async throws {
        // In real time, so that on a loaded machine no node joins or leaves before kubectl lists them.
        let server = try await DemoServerProcess(arguments: ["--quiet", "--demo-speed", "1"])
        let names = try await Binary.run(executable: Self.kubectl, ["--kubeconfig", server.kubeconfig, "get", "nodes", "-o", "name"])
        #expect(names.status == 0, "\(names.stderr)")
        let nodes = names.stdout.split(separator: "\n")
        #expect(nodes.count == 40)
        #expect(nodes.allSatisfy { $0.hasPrefix("node/gke-science-platform-") })
        let table = try await Binary.run(executable: Self.kubectl, ["--kubeconfig", server.kubeconfig, "get", "nodes"])
        #expect(table.status == 0, "\(table.stderr)")
        // The server's Table: the columns of a real cluster, the cordoned node marked.
        let header = table.stdout.split(separator: "\n").first.map { $0.split(separator: " ").map(String.init) } ?? []
        #expect(header == ["NAME", "STATUS", "ROLES", "AGE", "VERSION"])
        #expect(table.stdout.contains("Ready,SchedulingDisabled"))
        #expect(table.stdout.contains("v1.30.5-gke.1014001"))
        let cordoned = try await Binary.run(executable: Self.kubectl, ["--kubeconfig", server.kubeconfig, "get", "nodes", "-o",
                                                   "jsonpath={range .items[?(@.spec.unschedulable)]}{.metadata.name}{end}"])
        #expect(cordoned.stdout.hasPrefix("gke-science-platform-lab-pool-"))
    }

    @Test("demo-server takes outage and recover on its standard input, and names what it does not know")
    func commandsOnStandardInput() async throws {
        let help = try await Binary.run(["demo-server", "--help"])
        #expect(help.stdout.contains("`outage`") && help.stdout.contains("`recover`"), "\(help.stdout)")
        let server = try await DemoServerProcess(arguments: ["--quiet"])
        let before = server.text.components(separatedBy: "unknown command").count
        let bytes = Array("bogus\n".utf8)
        #expect(write(try #require(server.child.standardInput), bytes, bytes.count) == bytes.count)
        let output = server.output
        let said = try await Executor.blocking.run { output.wait(forLineContaining: "unknown command", occurrence: before, timeout: 30) }
        #expect(said, "\(server.text)")
        #expect(server.text.contains("demo-server: unknown command 'bogus' (there are outage, recover)"), "\(server.text)")
        try await server.command("outage", acknowledgement: "outage:")
        let registry = server.registry + "/v1/projects/rubin-demo/locations/us-central1/repositories/sciplat/dockerImages"
        let down = try await Binary.run(executable: "/usr/bin/curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}",
                                                                     "-H", "Authorization: Bearer \(server.token)", registry])
        #expect(down.stdout == "503", "\(down.stdout) \(down.stderr)")
        try await server.command("recover", acknowledgement: "recovered:")
        let up = try await Binary.run(executable: "/usr/bin/curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}",
                                                                   "-H", "Authorization: Bearer \(server.token)", registry])
        #expect(up.stdout != "503", "\(up.stdout) \(up.stderr)")
    }

    /// The controller's pods as kubectl shows them (issue 10): the prepull pods in `nublado`,
    /// the failing node's among them, and the users' labs.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: kubectl)))
    func kubectlListsTheDemoPods() async throws {
        let server = try await DemoServerProcess(arguments: ["--quiet"])
        #expect(server.text.contains("get pods -A -l nublado.lsst.io/category"))
        let arguments = ["--kubeconfig", server.kubeconfig, "get", "pods", "-A", "-l", "nublado.lsst.io/category"]
        // Pulls start within seconds and the failing node's first pull fails soon after.
        var table = try await Binary.run(executable: Self.kubectl, arguments)
        for _ in 0..<120 where !table.stdout.contains("ErrImagePull") && !table.stdout.contains("ImagePullBackOff") {
            try await Task.sleep(for: .milliseconds(500))
            table = try await Binary.run(executable: Self.kubectl, arguments)
        }
        #expect(table.status == 0, "\(table.stderr)")
        let rows = table.stdout.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        #expect(rows.first == ["NAMESPACE", "NAME", "READY", "STATUS", "RESTARTS", "AGE"])
        let prepulls = rows.filter { $0.first == "nublado" }
        #expect(!prepulls.isEmpty)
        #expect(prepulls.allSatisfy { $0[1].hasPrefix("prepull-") && $0[1].contains("-gke-science-platform-lab-pool-") })
        #expect(prepulls.contains { ["ErrImagePull", "ImagePullBackOff"].contains($0[3]) }, "\(table.stdout)")
        let labs = rows.filter { $0.first?.hasPrefix("nublado-") == true }
        #expect(labs.count >= 5)
        #expect(labs.allSatisfy { $0[1] == "nb-" + $0[0].dropFirst("nublado-".count) })
        #expect(labs.contains { $0 == ["nublado-amorgan", "nb-amorgan", "1/1", "Running", "0", $0[5]] })

        // The objects themselves: the prepull pods in `nublado`, their image by tag and digest.
        let images = try await Binary.run(executable: Self.kubectl, ["--kubeconfig", server.kubeconfig, "get", "pods", "-A",
                                                                     "-l", "nublado.lsst.io/category=prepuller", "-o",
                                                                     "jsonpath={range .items[*]}{.metadata.namespace} {.spec.containers[0].image}{\"\\n\"}{end}"])
        #expect(images.status == 0, "\(images.stderr)")
        let lines = images.stdout.split(separator: "\n")
        #expect(!lines.isEmpty)
        #expect(lines.allSatisfy { $0.hasPrefix("nublado us-central1-docker.pkg.dev/rubin-shared-services-71ec/sciplat/sciplat-lab:") && $0.contains("@sha256:") })
    }

    @Test func snapshotReadsTheDemoServer() async throws {
        let server = try await DemoServerProcess()
        // As on a real cluster: the configuration is the ConfigMap the Kubernetes API serves.
        #expect(server.text.contains("nubladash snapshot --kubeconfig \(server.kubeconfig) --registry-endpoint \(server.registry)"))
        #expect(!server.text.contains("--config"))
        let result = try await Binary.run(["snapshot", "--kubeconfig", server.kubeconfig, "--gar-endpoint", server.registry],
                                    environment: ["GOOGLE_OAUTH_ACCESS_TOKEN": server.token])
        #expect(result.status == 0, "\(result.stderr)")
        let document = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let prepulls = document?["prepulls"] as? [String: Any]
        #expect((prepulls?["nodes"] as? [Any])?.count == 40)
        #expect(((document?["images"] as? [String: Any])?["recommended"] as? [String: Any])?["tag"] as? String == "recommended")
        #expect(document?["menu"] != nil)
    }

    /// A closed terminal (SIGHUP) or SIGQUIT must not leave the kubeconfig and token behind.
    @Test("each stop signal ends demo-server with its folder removed", arguments: [SIGHUP, SIGQUIT, SIGINT, SIGTERM])
    func stopSignal(_ signal: Int32) async throws {
        let server = try await DemoServerProcess()
        let folder = (server.kubeconfig as NSString).deletingLastPathComponent
        #expect(FileManager.default.fileExists(atPath: server.kubeconfig))
        server.child.signal(signal)
        let child = server.child
        let ended = try await Executor.blocking.run { child.waitForExit() }
        #expect(ended == .init(exitCode: 0, signal: nil))
        #expect(!FileManager.default.fileExists(atPath: folder))
        // The reader thread may not have drained the pipe yet when the exit is seen.
        let output = server.output
        let drained = try await Executor.blocking.run { output.waitForClose(timeout: 10) }
        #expect(drained)
        #expect(server.text.hasSuffix("demo-server stopped\n"))
    }

    @Test func snapshotOfTheInProcessDemo() async throws {
        let scratch = ScratchDirectory()
        let result = try await Binary.run(["snapshot", "--demo", "--format", "text"],
                                          environment: ["LANG": "C.UTF-8", "TMPDIR": scratch.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Nodes     40 listed, 38 eligible"))
        #expect(result.stdout.contains("latest_daily → d_"))
        // The clients keep what they read: the demo's files are gone once they are built.
        #expect(Self.demoFolders(in: scratch.path).isEmpty)
    }

    @Test func snapshotOfTheInProcessDockerDemo() async throws {
        let scratch = ScratchDirectory()
        let result = try await Binary.run(["snapshot", "--demo", "--source", "docker"], environment: ["TMPDIR": scratch.path])
        #expect(result.status == 0, "\(result.stderr)")
        let document = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let all = (document?["images"] as? [String: Any])?["all"] as? [[String: Any]] ?? []
        #expect(all.first?["reference"] as? String == "ghcr.io/lsst-sqre/sciplat-lab:recommended")
        // Digests only for the prepull set: most tags have none.
        let withDigest = all.filter { $0["digest"] != nil }.count
        #expect(withDigest >= 1 && withDigest < all.count / 4)
        #expect(((document?["prepulls"] as? [String: Any])?["nodes"] as? [Any])?.count == 40)
        #expect(Self.demoFolders(in: scratch.path).isEmpty)
    }

    @Test func snapshotReadsTheDockerDemoServer() async throws {
        let server = try await DemoServerProcess(arguments: ["--quiet", "--source", "docker"])
        #expect(server.text.contains("Pull secret     nublado/pull-secret"))
        let scratch = ScratchDirectory()
        // The registry's credentials come from the cluster's pull secret, as the controller's do.
        let result = try await Binary.run(["snapshot", "--kubeconfig", server.kubeconfig, "--registry-endpoint", server.registry,
                                           "--format", "text"], environment: ["DOCKER_CONFIG": scratch.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("Registry  ghcr.io/lsst-sqre/sciplat-lab"))
        // Without them the stand-in refuses (it issues no anonymous tokens).
        let refused = try await Binary.run(["snapshot", "--kubeconfig", server.kubeconfig, "--registry-endpoint", server.registry,
                                            "--no-cluster-secrets"], environment: ["DOCKER_CONFIG": scratch.path])
        #expect(refused.status == 1)
        #expect(!refused.stderr.contains("demo-docker-"))
    }

    /// The demo folders in `directory`: each test gives its snapshot a `TMPDIR` of its own, since
    /// demo servers of other tests come and go in the shared one meanwhile.
    static func demoFolders(in directory: String) -> Set<String> {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return Set(names.filter { $0.hasPrefix("nubladash-demo-") })
    }

    @Test func demoOptionChecks() async throws {
        let missing = try await Binary.run(["snapshot"])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("--config"))
        let both = try await Binary.run(["snapshot", "--demo", "--config", "/nonexistent.yaml"])
        #expect(both.status != 0)
        #expect(both.stderr.contains("--demo brings its own cluster"))
        let speed = try await Binary.run(["--demo", "--demo-speed", "0"])
        #expect(speed.status != 0)
        #expect(speed.stderr.contains("--demo-speed"))
        let serverSpeed = try await Binary.run(["demo-server", "--demo-speed", "-1"])
        #expect(serverSpeed.status != 0)
        let source = try await Binary.run(["snapshot", "--config", "/nonexistent.yaml", "--source", "docker"])
        #expect(source.status == 64)
        #expect(source.stderr.contains("--source goes with --demo"))
        let unknown = try await Binary.run(["snapshot", "--demo", "--source", "quay"])
        #expect(unknown.status == 64)
    }
}
