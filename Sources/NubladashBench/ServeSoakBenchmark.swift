import Foundation
import NubladaEngine
import NubladaProcess
import NubladaStandIn
import NubladaTestSupport

/// `nubladash serve` left running on a 2,000-node stand-in cluster with `--refresh 5`, scraped
/// every second (as a Prometheus with a 1 s interval would): CPU and resident-memory growth
/// after the first minute (the goal: flat memory), and the slowest scrape seen.
enum ServeSoakBenchmark {
    static func run(binary: String, minutes: Double, pods: Bool) throws {
        let cluster = try BenchCluster(label: "serve-soak")
        defer { cluster.stop() }
        let server = cluster.server, dataset = cluster.dataset
        let podChurn = pods ? PodChurn(server: server, dataset: dataset) : nil
        defer { podChurn?.stop() }
        let child = try ChildProcess(binary, ["serve", "--listen", "127.0.0.1:0", "--config", cluster.config,
                                              "--kubeconfig", cluster.kubeconfig, "--gar-endpoint", server.registryURL,
                                              "--refresh", "5"],
                                     environment: ["PATH": "/usr/bin:/bin", "HOME": cluster.folder,
                                                   "GOOGLE_OAUTH_ACCESS_TOKEN": BenchCluster.registryToken],
                                     standardOutput: .pipe, standardError: .standardOutput)
        defer {
            child.signal(SIGTERM)
            child.waitForExit()
        }
        let port = try listeningPort(of: child)
        podChurn?.start()
        let scrapes = ScrapeLoop(port: port)
        let timer = SoakMeasurement.repeating(every: 1) { scrapes.scrape() }
        defer { timer.cancel() }

        print("serve soak: \(dataset.nodes.count) nodes, --refresh 5, a scrape every second, \(minutes) minutes"
            + (podChurn.map { ", \($0.description)" } ?? ""))
        try SoakMeasurement(pid: child.pid, minutes: minutes, interval: 10).printReport(cpuGoal: "(no goal)", memoryGoal: "flat")
        print(scrapes.report)
    }

    /// The port from serve's line `nubladash: serving on http://127.0.0.1:PORT/ …`; its output
    /// is read to the end on a thread of its own, so that the pipe never fills.
    private static func listeningPort(of child: ChildProcess) throws -> UInt16 {
        let output = Locked("")
        let reader = Thread {
            child.readStandardOutput { chunk in output.withLock { $0 += String(decoding: chunk, as: UTF8.self) } }
        }
        reader.start()
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline {
            let text = output.withLock { $0 }
            if let range = text.range(of: "serving on http://127.0.0.1:"),
               let port = UInt16(text[range.upperBound...].prefix { $0.isNumber }) {
                return port
            }
            Thread.sleep(forTimeInterval: 0.2)
        }
        throw BenchError("serve did not start: \(output.withLock { $0.prefix(500) })")
    }
}

/// Scrapes `/metrics` once a call over a fresh connection, keeping the count, the failures and
/// the slowest answer.
final class ScrapeLoop: Sendable {
    private let port: UInt16
    private let state = Locked<(count: Int, failed: Int, slowest: Double, bytes: Int)>((0, 0, 0, 0))

    init(port: UInt16) { self.port = port }

    func scrape() {
        let started = Date()
        let answer = try? ChildProcess.run("/usr/bin/curl", ["-sS", "--max-time", "5", "-o", "/dev/null", "-w", "%{http_code} %{size_download}",
                                                             "http://127.0.0.1:\(port)/metrics"], timeout: 10)
        let seconds = Date().timeIntervalSince(started)
        let fields = answer?.stdoutText.split(separator: " ") ?? []
        state.withLock { state in
            state.count += 1
            if fields.first != "200" { state.failed += 1 }
            state.slowest = max(state.slowest, seconds)
            state.bytes = Int(fields.last ?? "") ?? state.bytes
        }
    }

    var report: String {
        state.withLock { state in
            String(format: "scrapes %d (%d failed), %d bytes each, slowest %.1f ms (curl's start included)",
                   state.count, state.failed, state.bytes, state.slowest * 1000)
        }
    }
}
