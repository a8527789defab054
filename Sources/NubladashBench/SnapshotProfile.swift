import Foundation
import NubladaClients
import NubladaEngine
import NubladaStandIn
import NubladaTUI
import NubladaWork

/// Where a snapshot's CPU time goes, phase by phase, in this process: decoding the NodeList
/// pages (with the clients' decoder and with `JSONDecoder`; the nodes' image digests are found
/// there), the engine, and encoding the output. The transfer itself is the curl row of
/// `WireBenchmark`. Each phase is the median of `runs` timings of the process's CPU time (all
/// its threads: the engine and the writer use two cores; the stand-in is idle by then), which
/// the other work of a shared machine disturbs less than wall time.
enum SnapshotProfile {
    static func run(pages: [Data], dataset: StandInDataset, runs: Int,
                    methods: [NodePageDecoding.Method] = NodePageDecoding.Method.allCases) throws {
        print("profile, CPU time of this process (all its threads; the stand-in is idle), median of \(runs):")
        var nodes: [ClusterNode] = []
        for method in methods {
            let seconds = try time(runs) {
                nodes = []  // the last run's nodes are freed here, outside the timing
            } _: {
                nodes = try pages.flatMap { try NodePageDecoding.nodes(in: $0, method: method) }
            }
            let megabytes = Double(pages.reduce(0) { $0 + $1.count }) / 1_000_000
            report("decode NodeList pages (\(method.rawValue))", seconds, String(format: "%.0f MB/s", megabytes / seconds))
        }
        guard nodes.count == dataset.nodes.count else {
            throw BenchError("decoded \(nodes.count) nodes, the cluster has \(dataset.nodes.count)")
        }
        // Each image's digest is found while its page is decoded (and interned), so it is part
        // of the decoding above.
        let settings = LabImageSettings(prepuller: PrepullerOptions(source: dataset.source))
        var picture: ClusterPicture?
        report("engine (evaluate)", try time(runs) { picture = nil } _: {
            picture = ImageEngine.evaluate(settings, listing: .artifactRegistry(dataset.entries), nodes: nodes, now: 1_793_527_200,
                                           parallelism: .ownThread)
        })
        // As the snapshot writes it: streamed in pieces (here counted, not written anywhere).
        var written = 0
        report("output (snapshot JSON)", try time(runs) {
            written = 0
            picture?.snapshotJSON.write(parallelism: .ownThread) { written += $0.count }
        }, "\(written / 1000) kB")
        guard let data = picture?.dashboard else { return }
        // The dashboard's side: the picture into its state, and the first frame into the cell
        // grid (a re-list after a broken watch is the decoding and the engine above).
        report("dashboard: state and first frame 250×70", try time(runs) {
            var state = DashboardState(options: DashboardOptions(contextName: "bench"), now: data.refreshedAt, cols: 250, rows: 70)
            _ = update(&state, .refreshFinished(.success(data)))
            var grid = CellGrid(cols: 250, rows: 70)
            render(state, into: &grid)
        })
    }

    /// The median CPU time of `body`; `prepare` runs untimed before each run (to free what the
    /// last run made: a re-list frees the old nodes too, but not inside the decoding).
    private static func time(_ runs: Int, _ prepare: () -> Void = {}, _ body: () throws -> Void) throws -> Double {
        var seconds: [Double] = []
        for _ in 0..<max(1, runs) {
            prepare()
            let start = processCPUSeconds()
            try body()
            seconds.append(processCPUSeconds() - start)
        }
        return SnapshotBenchmark.median(seconds)
    }

    private static func processCPUSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }

    private static func report(_ phase: String, _ seconds: Double, _ note: String = "") {
        print("  " + BenchTable.pad(phase, 36) + BenchTable.pad(String(format: "%.3f s", seconds), 10, right: true) + "  " + note)
    }
}
