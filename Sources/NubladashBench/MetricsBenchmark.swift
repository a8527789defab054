import Foundation
import NubladaEngine
import NubladaMetrics
import NubladaStandIn

/// What `serve` does for a scrape and for a refresh: a 2,000-node cluster with a 7-image
/// prepull set, 40 pulls in flight and 600 labs, recorded by a `MetricsStore`; the scrape
/// (`exposition(accept:)`, goal under 10 ms) and the refresh's share (`record`) are timed.
enum MetricsBenchmark {
    static func run(runs: Int) throws {
        let dataset = StandInFixtures.benchmark()
        var options = PrepullerOptions(source: dataset.source)
        let now = 1_793_527_200.0
        let picture = (0...8).lazy.compactMap { extra -> ClusterPicture? in
            options.numReleases = 1
            options.numWeeklies = 2 + extra
            options.numDailies = 3
            let picture = ImageEngine.evaluate(LabImageSettings(prepuller: options), listing: .artifactRegistry(dataset.entries),
                                               nodes: dataset.nodes, now: now)
            return picture.dashboard.columns.count >= 7 ? picture : nil
        }.first
        guard let picture else { throw BenchError("the benchmark dataset gives fewer than 7 prepull images") }
        let data = picture.dashboard
        let activity = ClusterActivity(picture: picture, pods: pods(data, now: now), now: now)
        let outcome = RefreshOutcome.success(data, activity: .activity(activity))

        let store = MetricsStore(environments: ["bench"], version: NubladashVersion.current)
        var records: [Double] = []
        for run in 0..<runs {
            let start = DispatchTime.now().uptimeNanoseconds
            store.record(environment: 0, outcome: outcome, startedAt: now + Double(run), finishedAt: now + Double(run) + 2)
            records.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        for (format, accept) in [("text 0.0.4", nil), ("OpenMetrics 1.0", "application/openmetrics-text; version=1.0.0")] {
            // The store's part (a lock and the cached body) and with it the body's bytes copied
            // out, as a server writing the answer does.
            var scrapes: [Double] = [], copied: [Double] = []
            var bytes = 0
            for _ in 0..<max(runs * 10, 10) {
                let start = DispatchTime.now().uptimeNanoseconds
                let answer = store.exposition(accept: accept)
                let middle = DispatchTime.now().uptimeNanoseconds
                let body = Array(answer.body.utf8)
                bytes = body.count
                let end = DispatchTime.now().uptimeNanoseconds
                scrapes.append(Double(middle - start) / 1e6)
                copied.append(Double(end - start) / 1e6)
            }
            print(String(format: "metrics scrape (%@) %d nodes × %d images: median %.3f ms, %.3f ms with its %d bytes copied out (goal < 10 ms), %d scrapes",
                         format, data.nodes.count, data.columns.count, median(scrapes), median(copied), bytes, scrapes.count))
        }
        print(String(format: "metrics record (a refresh's share): median %.3f ms, %d records", median(records), records.count))
        #if DEBUG
        print("(a debug build: release builds are not made here)")
        #endif
    }

    /// 40 prepull pods on cells that are not cached (pulling, failing, stuck in turn) and 600
    /// labs on the prepull images.
    static func pods(_ data: DashboardData, now: Double) -> [LabPod] {
        let base = data.registryPath
        var pods: [LabPod] = []
        outer: for node in data.nodes where node.eligible {
            for (column, cell) in node.cells.enumerated() where cell != .cached {
                let image = data.columns[column]
                let index = pods.count
                pods.append(LabPod(
                    namespace: "nublado", name: "prepull-\(index)", category: .prepuller, nodeName: node.name, phase: "Pending",
                    createdAt: now - (index % 3 == 2 ? 3600 : 60), image: "\(base):\(image.tag)@\(image.digest)",
                    waitingReason: index % 3 == 1 ? "ImagePullBackOff" : "ContainerCreating"))
                if pods.count == 40 { break outer }
            }
        }
        for user in 0..<600 {
            let image = data.columns[user % data.columns.count]
            pods.append(LabPod(namespace: "nublado-user\(user)", name: "nb-user\(user)", category: .lab,
                               nodeName: data.nodes[user % data.nodes.count].name, phase: "Running", createdAt: now - 3600,
                               image: "\(base)@\(image.digest)"))
        }
        return pods
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
    }
}
