import Foundation
import NubladaEngine
import NubladaProcess
import NubladaStandIn
import NubladaTestSupport

/// The dashboard left open on a 2,000-node stand-in cluster with `--refresh 5`, under tmux:
/// average CPU and resident-memory growth after the first minute (goals: ≤ 2 % of a core,
/// ≤ 2 MiB). With `--churn`, one node changes every few seconds, as in a live cluster; with
/// `--pods`, the controller's pods are there too (600 labs, 40 prepull pods) and change every
/// 3 seconds (the goal: ≤ 1 % of a core and flat memory).
enum SoakBenchmark {
    static func run(binary: String, minutes: Double, churn: Bool, pods: Bool) throws {
        let cluster = try BenchCluster(label: "soak")
        defer { cluster.stop() }
        let server = cluster.server, dataset = cluster.dataset
        let podChurn = pods ? PodChurn(server: server, dataset: dataset) : nil
        defer { podChurn?.stop() }
        let session = "nubladash-soak-\(getpid())"
        let command = "TERM=xterm-256color LANG=C.UTF-8 GOOGLE_OAUTH_ACCESS_TOKEN=\(BenchCluster.registryToken) exec \(binary) --config \(cluster.config) "
            + "--kubeconfig \(cluster.kubeconfig) --gar-endpoint \(server.registryURL) --refresh 5"
        try tmux(["new-session", "-d", "-s", session, "-x", "200", "-y", "50", command])
        defer { try? tmux(["kill-session", "-t", session]) }
        Thread.sleep(forTimeInterval: 2)
        guard let pid = try processID(of: binary) else { throw BenchError("the dashboard did not start") }

        var churnTimer: DispatchSourceTimer?
        if churn {
            let counter = TickCounter()
            churnTimer = SoakMeasurement.repeating(every: 3) {
                let count = counter.next()
                var node = dataset.nodes[count % dataset.nodes.count]
                node.labels["nubladash.bench/churn"] = String(count)
                server.setNode(node)
            }
        }
        defer { churnTimer?.cancel() }
        podChurn?.start()

        print("soak: \(dataset.nodes.count) nodes, --refresh 5, \(minutes) minutes\(churn ? ", a node changes every 3 s" : "")"
            + (podChurn.map { ", \($0.description)" } ?? ""))
        try SoakMeasurement(pid: pid, minutes: minutes, interval: 10).printReport(cpuGoal: "≤ 2 %", memoryGoal: "≤ 2 MiB")
        print("registry requests \(server.registryRequestCount), Kubernetes requests \(server.kubernetesRequestCount)"
            + (podChurn.map { "; \($0.changeCount) pod changes served" } ?? ""))
    }

    struct Sample {
        var time: Double
        var cpuTicks: Int
        var rssKiB: Int
    }

    /// utime+stime from /proc/PID/stat and VmRSS from /proc/PID/status.
    static func sample(_ pid: Int32) throws -> Sample {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else {
            throw BenchError("the dashboard (pid \(pid)) is gone")
        }
        let fields = stat[stat.index(after: stat.lastIndex(of: ")")!)...].split(separator: " ")
        let ticks = (Int(fields[11]) ?? 0) + (Int(fields[12]) ?? 0)
        let rssLine = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
        let rss = Int(rssLine.split(separator: " ").dropFirst().first ?? "0") ?? 0
        return Sample(time: Date().timeIntervalSince1970, cpuTicks: ticks, rssKiB: rss)
    }

    /// The dashboard's process: `binary` started with `marker` among its arguments.
    static func processID(of binary: String, marker: String = "--refresh") throws -> Int32? {
        for entry in try FileManager.default.contentsOfDirectory(atPath: "/proc") {
            guard let pid = Int32(entry),
                  let commandLine = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline") else { continue }
            let arguments = commandLine.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            if arguments.first == binary && arguments.contains(marker) { return pid }
        }
        return nil
    }

    /// Runs a tmux client (through ChildProcess: the server that new-session starts keeps
    /// inherited descriptors, which would hide the client's exit from Foundation's Process).
    static func tmux(_ arguments: [String]) throws {
        let output = try ChildProcess.run("/usr/bin/env", ["tmux"] + arguments, timeout: 30)
        guard output.status == 0 else {
            throw BenchError("tmux \(arguments.first ?? ""): exit \(output.status) \(output.stderrText)")
        }
    }
}
