@preconcurrency import Foundation
import NubladaClients
import NubladaEngine
import NubladaProcess
import NubladaStandIn

/// The wire measurement: on a large stand-in cluster (10,000 nodes unless told), side by side
/// in one run, `nubladash snapshot`, the raw transfer of the same NodeList pages with curl (one
/// process, one connection, the same requests), and `kubectl get nodes -o json`, with peak
/// memory; then where a snapshot's time goes, phase by phase, measured in this process on the
/// same page bytes.
enum WireBenchmark {
    static func run(binary: String, runs: Int, nodes: Int) throws {
        let cluster = try BenchCluster(label: "wire", nodes: nodes)
        defer { cluster.stop() }
        let server = cluster.server, dataset = cluster.dataset
        let environment = ["PATH": "/usr/bin:/bin", "HOME": cluster.folder, "GOOGLE_OAUTH_ACCESS_TOKEN": BenchCluster.registryToken]
        guard let kubectl = ["/usr/bin/kubectl", "/usr/local/bin/kubectl"].first(where: FileManager.default.isExecutableFile)
        else { throw BenchError("kubectl is not installed") }
        let pages = try NodePages.fetch(from: server, folder: cluster.folder)
        let megabytes = Double(pages.bodies.reduce(0) { $0 + $1.count }) / 1_000_000
        print(String(format: "cluster: %d nodes × %d images, %d tags; %d NodeList pages of 500, %.1f MB; %d runs each, medians",
                     dataset.nodes.count, dataset.nodes.first?.images.count ?? 0, dataset.tagCount, pages.bodies.count,
                     megabytes, runs))

        /// The median wall time and peak memory of each program, run in turns (one run of each,
        /// `runs` times over) so that a slower minute of a shared machine weighs on all alike.
        func measure(_ programs: [(executable: String, arguments: [String])]) throws -> [(seconds: Double, bytes: Double)] {
            var results = Array(repeating: [Measured.Measurement](), count: programs.count)
            for _ in 0..<runs {
                for (index, program) in programs.enumerated() {
                    let result = try Measured.run(program.executable, program.arguments, environment: environment)
                    guard result.status == 0 else {
                        throw BenchError("\(URL(fileURLWithPath: program.executable).lastPathComponent) failed (exit \(result.status))")
                    }
                    results[index].append(result)
                }
            }
            return results.map { list in
                (SnapshotBenchmark.median(list.map(\.seconds)), SnapshotBenchmark.median(list.map { Double($0.peakRSSBytes) }))
            }
        }
        let paired = try measure([
            (binary, ["snapshot", "--config", cluster.config, "--kubeconfig", cluster.kubeconfig, "--registry-endpoint", server.registryURL]),
            ("/usr/bin/curl", pages.curlArguments),
        ])
        let (snapshot, transfer) = (paired[0], paired[1])
        let kubectlRun = try measure([(kubectl, ["--kubeconfig", cluster.kubeconfig, "get", "nodes", "-o", "json"])])[0]
        print(BenchTable.header)
        print(BenchTable.row("nubladash snapshot", snapshot.seconds, snapshot.bytes))
        print(BenchTable.row("curl, the same pages", transfer.seconds, transfer.bytes))
        print(BenchTable.row("kubectl get nodes -o json", kubectlRun.seconds, kubectlRun.bytes))
        print(String(format: "snapshot / raw transfer: %.2f× wall (goal ≤ 2); snapshot / kubectl: %.2f× wall, %.2f× peak memory (goal ≤ 0.25)",
                     snapshot.seconds / transfer.seconds, snapshot.seconds / kubectlRun.seconds, snapshot.bytes / kubectlRun.bytes))
        try SnapshotProfile.run(pages: pages.bodies, dataset: dataset, runs: runs)
    }
}

extension WireBenchmark {
    /// The profile alone: where a snapshot's CPU time goes, without the three programs' runs.
    static func profile(runs: Int, nodes: Int, fastOnly: Bool) throws {
        let cluster = try BenchCluster(label: "profile", nodes: nodes)
        defer { cluster.stop() }
        let pages = try NodePages.fetch(from: cluster.server, folder: cluster.folder)
        try SnapshotProfile.run(pages: pages.bodies, dataset: cluster.dataset, runs: runs,
                                methods: fastOnly ? [.fast] : NodePageDecoding.Method.allCases)
    }
}

/// The NodeList pages of a stand-in cluster as the clients request them (500 a page), fetched
/// once with curl, and the curl command line that fetches them again on one connection.
struct NodePages {
    var bodies: [Data]
    var curlArguments: [String]

    static func fetch(from server: StandInServer, folder: String) throws -> NodePages {
        let ca = "\(folder)/ca.pem"
        try server.caCertificatePEM.write(toFile: ca, atomically: true, encoding: .utf8)
        let common = ["-sS", "--fail", "--cacert", ca, "-H", "Authorization: Bearer \(BenchCluster.kubernetesToken)"]
        var urls: [String] = [], bodies: [Data] = []
        var token: String?
        repeat {
            var url = "\(server.kubernetesURL)/api/v1/nodes?limit=500"
            if let token { url += "&continue=" + (token.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? token) }
            let output = try ChildProcess.run("/usr/bin/curl", common + [url], timeout: 120)
            guard output.status == 0 else { throw BenchError("curl \(url): \(output.stderrText)") }
            let metadata = (try JSONSerialization.jsonObject(with: output.stdout) as? [String: Any])?["metadata"] as? [String: Any]
            token = (metadata?["continue"] as? String).flatMap { $0.isEmpty ? nil : $0 }
            urls.append(url)
            bodies.append(output.stdout)
        } while token != nil
        return NodePages(bodies: bodies, curlArguments: common + urls)
    }
}

/// The benchmarks' two-column table: wall time and peak resident memory.
enum BenchTable {
    static let header = pad("", 28) + pad("wall", 10, right: true) + pad("peak RSS", 13, right: true)

    static func row(_ name: String, _ seconds: Double, _ bytes: Double) -> String {
        pad(name, 28) + pad(String(format: "%.3f s", seconds), 10, right: true)
            + pad(String(format: "%.1f MiB", bytes / 1_048_576), 13, right: true)
    }

    static func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(0, width - text.count))
        return right ? fill + text : text + fill
    }
}
