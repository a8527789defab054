import Foundation
import NubladaStandIn
import NubladaTestSupport

/// The overview left open on many environments: by default 15 stand-in clusters of
/// 500 nodes (50 images a node, 300 tags each), one environments file, `--refresh 60`, under
/// tmux; average CPU and resident memory after the first minute (goals: under 1 % of a core,
/// memory flat). With `churn`, one node of each cluster changes every 20 s, so every refresh
/// of every environment evaluates a changed cluster.
enum EnvironmentsSoakBenchmark {
    static func run(binary: String, minutes: Double, environments count: Int, nodes: Int, churn: Bool) throws {
        let folder = NSTemporaryDirectory() + "nubladash-soak-environments-\(getpid())"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var servers: [StandInServer] = []
        defer {
            servers.forEach { $0.stop() }
            try? FileManager.default.removeItem(atPath: folder)
        }
        var entries: [String] = []
        var datasets: [StandInDataset] = []
        for index in 0..<count {
            let server = StandInServer(StandInConfiguration(registryToken: BenchCluster.registryToken,
                                                            kubernetesToken: BenchCluster.kubernetesToken,
                                                            kubernetesSecurity: StandInTLS()))
            try server.start()
            servers.append(server)
            let dataset = StandInFixtures.dataset(nodes: nodes, imagesPerNode: 50, tags: 300, seed: UInt64(100 + index))
            server.load(dataset)
            datasets.append(dataset)
            let name = String(format: "env%02d", index + 1)
            let gar = dataset.source
            try server.kubeconfigYAML(userLines: ["token: \(BenchCluster.kubernetesToken)"], contextName: name)
                .write(toFile: "\(folder)/\(name).kubeconfig", atomically: true, encoding: .utf8)
            try """
                images:
                  source: {type: google, location: \(gar.location), projectId: \(gar.projectID), repository: \(gar.repository), image: \(gar.image)}
                """.write(toFile: "\(folder)/\(name).yaml", atomically: true, encoding: .utf8)
            entries.append("  - {name: \(name), config: \(name).yaml, kubeconfig: \(name).kubeconfig, "
                + "registryEndpoint: \"\(server.registryURL)\"}")
        }
        let file = "\(folder)/environments.yaml"
        try ("environments:\n" + entries.joined(separator: "\n") + "\n").write(toFile: file, atomically: true, encoding: .utf8)

        let session = "nubladash-soak-envs-\(getpid())"
        let command = "TERM=xterm-256color LANG=C.UTF-8 GOOGLE_OAUTH_ACCESS_TOKEN=\(BenchCluster.registryToken) "
            + "exec \(binary) --environments \(file) --refresh 60"
        try SoakBenchmark.tmux(["new-session", "-d", "-s", session, "-x", "200", "-y", "50", command])
        defer { try? SoakBenchmark.tmux(["kill-session", "-t", session]) }
        Thread.sleep(forTimeInterval: 2)
        guard let pid = try SoakBenchmark.processID(of: binary, marker: "--environments") else { throw BenchError("the dashboard did not start") }

        var churnTimer: DispatchSourceTimer?
        if churn {
            let counter = TickCounter()
            let clusters = Array(zip(servers, datasets))
            churnTimer = SoakMeasurement.repeating(every: 20) {
                let count = counter.next()
                for (server, dataset) in clusters {
                    var node = dataset.nodes[count % dataset.nodes.count]
                    node.labels["nubladash.bench/churn"] = String(count)
                    server.setNode(node)
                }
            }
        }
        defer { churnTimer?.cancel() }

        print("soak-environments: \(count) environments of \(nodes) nodes, --refresh 60, \(minutes) minutes"
            + (churn ? ", a node of each changes every 20 s" : ""))
        let measured = try SoakMeasurement(pid: pid, minutes: minutes, interval: 60)
        measured.printReport(cpuGoal: "< 1 %", memoryGoal: nil)
        print("resident memory each minute (MiB): " + measured.samplesKiB.map { String(format: "%.1f", Double($0) / 1024) }.joined(separator: " "))
        let registry = servers.reduce(0) { $0 + $1.registryRequestCount }
        let kubernetes = servers.reduce(0) { $0 + $1.kubernetesRequestCount }
        print("registry requests \(registry), Kubernetes requests \(kubernetes) (all environments)")
    }
}
