import Foundation

/// `nubladash-bench`: the project's benchmarks (speed is measured here, never in tests).
///
///     nubladash-bench snapshot [--binary PATH] [--runs N] [--source google|docker]
///     nubladash-bench wire [--binary PATH] [--runs N] [--nodes N]   (snapshot vs curl vs kubectl, and a profile)
///     nubladash-bench profile [--runs N] [--nodes N] [--fast-only]   (the wire benchmark's profile alone;
///         --fast-only leaves out `JSONDecoder`, for `perf`)
///     nubladash-bench render [--frames N]
///     nubladash-bench metrics [--runs N]   (a 2,000-node × 7-image scrape and record of `serve`'s metrics)
///     nubladash-bench soak [--binary PATH] [--minutes N] [--churn] [--pods]
///     nubladash-bench soak-environments [--binary PATH] [--minutes N] [--environments N] [--nodes N] [--churn]
///     nubladash-bench soak-serve [--binary PATH] [--minutes N] [--pods]   (serve scraped every second)
///     nubladash-bench serve [--nodes N]   (keeps a stand-in cluster up, for profiling by hand)
@main
enum NubladashBench {
    static func main() {
        var arguments = Array(CommandLine.arguments.dropFirst())
        let which = arguments.isEmpty ? "snapshot" : arguments.removeFirst()
        func option(_ name: String, _ fallback: String) -> String {
            guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return fallback }
            return arguments[index + 1]
        }
        let here = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path
        do {
            switch which {
            case "snapshot":
                guard let source = BenchCluster.Source(rawValue: option("--source", "google")) else {
                    throw BenchError("--source must be google or docker")
                }
                try SnapshotBenchmark.run(binary: option("--binary", "\(here)/nubladash"), runs: Int(option("--runs", "5")) ?? 5,
                                          source: source)
            case "wire":
                try WireBenchmark.run(binary: option("--binary", "\(here)/nubladash"), runs: Int(option("--runs", "3")) ?? 3,
                                      nodes: Int(option("--nodes", "10000")) ?? 10000)
            case "profile":
                try WireBenchmark.profile(runs: Int(option("--runs", "5")) ?? 5, nodes: Int(option("--nodes", "10000")) ?? 10000,
                                          fastOnly: arguments.contains("--fast-only"))
            case "serve":
                try SnapshotBenchmark.serve(nodes: Int(option("--nodes", "2000")) ?? 2000)
            case "soak":
                let minutes = option("--minutes", "10")
                guard let length = Double(minutes), length >= 1.5, length <= 24 * 60 else {
                    throw BenchError("--minutes must be a number from 1.5 to 1440 (the first minute is not measured), not \(minutes)")
                }
                try SoakBenchmark.run(binary: option("--binary", "\(here)/nubladash"), minutes: length,
                                      churn: arguments.contains("--churn"), pods: arguments.contains("--pods"))
            case "soak-serve":
                let minutes = option("--minutes", "10")
                guard let length = Double(minutes), length >= 1.5, length <= 24 * 60 else {
                    throw BenchError("--minutes must be a number from 1.5 to 1440 (the first minute is not measured), not \(minutes)")
                }
                try ServeSoakBenchmark.run(binary: option("--binary", "\(here)/nubladash"), minutes: length,
                                           pods: arguments.contains("--pods"))
            case "soak-environments":
                let minutes = option("--minutes", "10")
                guard let length = Double(minutes), length >= 1.5, length <= 24 * 60 else {
                    throw BenchError("--minutes must be a number from 1.5 to 1440 (the first minute is not measured), not \(minutes)")
                }
                try EnvironmentsSoakBenchmark.run(binary: option("--binary", "\(here)/nubladash"), minutes: length,
                                                  environments: max(1, Int(option("--environments", "15")) ?? 15),
                                                  nodes: max(1, Int(option("--nodes", "500")) ?? 500),
                                                  churn: arguments.contains("--churn"))
            case "measure-child":  // internal: see Measured
                guard let executable = arguments.first else { throw BenchError("measure-child needs a program") }
                print(try Measured.launch(executable, Array(arguments.dropFirst())))
            case "render":
                try RenderBenchmark.run(frames: Int(option("--frames", "500")) ?? 500)
            case "metrics":
                try MetricsBenchmark.run(runs: max(1, Int(option("--runs", "20")) ?? 20))
            default:
                throw BenchError("unknown benchmark '\(which)' (expected: snapshot, wire, profile, render, metrics, soak, soak-environments, soak-serve, serve)")
            }
        } catch {
            FileHandle.standardError.write(Data("nubladash-bench: \(error)\n".utf8))
            exit(1)
        }
    }
}
