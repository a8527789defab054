@preconcurrency import Foundation
import NubladaEngine
import NubladaStandIn
import NubladaTestSupport

/// `nubladash snapshot` against a 2,000-node stand-in cluster (50 images a node, 300 tags),
/// side by side with `kubectl get nodes -o json` on the same server in the same run.
enum SnapshotBenchmark {
    /// Keeps a Google-source stand-in cluster up and prints how to point `nubladash` at it (for
    /// profiling by hand: `perf record nubladash snapshot …`, and for scripts/test-package),
    /// until SIGINT or SIGTERM, when it stops the cluster and removes its folder.
    static func serve(nodes: Int) throws -> Never {
        let cluster = try BenchCluster(label: "serve", nodes: nodes)
        print("""
            registry    \(cluster.server.registryURL) (GOOGLE_OAUTH_ACCESS_TOKEN=\(BenchCluster.registryToken))
            kubernetes  \(cluster.server.kubernetesURL)
            try: GOOGLE_OAUTH_ACCESS_TOKEN=\(BenchCluster.registryToken) nubladash snapshot --config \(cluster.config) --kubeconfig \(cluster.kubeconfig) --registry-endpoint \(cluster.server.registryURL)
            """)
        fflush(stdout)
        let stop = DispatchSemaphore(value: 0)
        let sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { stop.signal() }
            source.resume()
            return source
        }
        stop.wait()
        sources.forEach { $0.cancel() }
        cluster.stop()
        exit(0)
    }

    static func run(binary: String, runs: Int, source: BenchCluster.Source = .google) throws {
        let cluster = try BenchCluster(label: "bench", source: source)
        defer { cluster.stop() }
        let server = cluster.server, dataset = cluster.dataset
        let config = cluster.config, kubeconfig = cluster.kubeconfig
        let environment = ["PATH": "/usr/bin:/bin", "HOME": cluster.folder, "GOOGLE_OAUTH_ACCESS_TOKEN": BenchCluster.registryToken,
                           "DOCKER_CONFIG": cluster.folder]
        guard let kubectl = ["/usr/bin/kubectl", "/usr/local/bin/kubectl"].first(where: FileManager.default.isExecutableFile)
        else { throw BenchError("kubectl is not installed") }

        print("cluster: \(dataset.nodes.count) nodes × \(dataset.nodes.first?.images.count ?? 0) images, \(dataset.tagCount) tags in \(source == .docker ? "a Docker registry" : "an Artifact Registry listing"); \(runs) runs each, medians")
        let registryRequestsBefore = source == .docker ? server.dockerRequests.count : server.registryRequestCount
        let ours = try (0..<runs).map { _ in
            try Measured.run(binary, ["snapshot", "--config", config, "--kubeconfig", kubeconfig,
                                              "--registry-endpoint", server.registryURL], environment: environment)
        }
        let registryRequests = (source == .docker ? server.dockerRequests.count : server.registryRequestCount) - registryRequestsBefore
        print("registry requests per snapshot: \(registryRequests / max(1, runs))\(source == .docker ? " (token, tags/list pages and one HEAD per prepull tag)" : "")")
        let theirs = try (0..<runs).map { _ in
            try Measured.run(kubectl, ["--kubeconfig", kubeconfig, "get", "nodes", "-o", "json"], environment: environment)
        }
        for (name, list) in [("nubladash snapshot", ours), ("kubectl get nodes -o json", theirs)] where list.contains(where: { $0.status != 0 }) {
            throw BenchError("\(name) failed (exit \(list.first { $0.status != 0 }!.status))")
        }
        let ourTime = median(ours.map(\.seconds)), theirTime = median(theirs.map(\.seconds))
        let ourMemory = median(ours.map { Double($0.peakRSSBytes) }), theirMemory = median(theirs.map { Double($0.peakRSSBytes) })
        print(BenchTable.header)
        print(BenchTable.row("nubladash snapshot", ourTime, ourMemory))
        print(BenchTable.row("kubectl get nodes -o json", theirTime, theirMemory))
        print(BenchTable.pad("ratio (goals ≤ 0.25, ≤ 0.5)", 28) + BenchTable.pad(String(format: "%.2f×", ourTime / theirTime), 10, right: true)
            + BenchTable.pad(String(format: "%.2f×", ourMemory / theirMemory), 13, right: true))
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted[sorted.count / 2]
    }
}
