import Foundation
import NubladaProcess
import NubladaStandIn
import NubladaTestSupport
import NubladaWork
import Testing

/// `nubladash serve` scraped by a real Prometheus (Debian's, on loopback): what Prometheus
/// stores equals the snapshot `serve` answers with, and the exposition passes `promtool check
/// metrics`.
@Suite("nubladash serve scraped by Prometheus", .serialized)
struct ServePrometheusTests {
    @Test("the stored values equal the snapshot's: prepull images, cached cells, pulls; promtool accepts the exposition")
    func storedValuesEqualTheSnapshot() async throws {
        let cluster = try SnapshotActivityTests.failingCluster()
        let serve = try await ServeTests().serve(cluster)
        let ready = try await serve.waitFor("/readyz", status: 200)
        #expect(ready.status == 200, "\(ready.text)")

        // The snapshot and the exposition of the same refresh (the interval is minutes away).
        let document = try #require(try JSONSerialization.jsonObject(with: Data(try await serve.get("/snapshot").body)) as? [String: Any])
        let prepulls = try #require(document["prepulls"] as? [String: Any])
        let images = try #require(prepulls["images"] as? [String: [[String: Any]]])
        let prepullImages = (images["prepulled"] ?? []) + (images["pending"] ?? [])
        let cachedCells = prepullImages.reduce(0) { $0 + (($1["nodes"] as? [String])?.count ?? 0) }
        let totals = try #require((document["activity"] as? [String: Any])?["totals"] as? [String: Int])
        #expect(totals["failing"] == 1, "the fixture's failing pull: \(totals)")

        let exposition = try await serve.get("/metrics")
        #expect(exposition.status == 200)
        #expect(!exposition.text.contains(Cluster.registryToken), "no secret in the exposition")
        let checked = try await ChildProcess.runDetached("/usr/bin/promtool", ["check", "metrics"], input: Data(exposition.body),
                                                         timeout: 60)
        #expect(checked.status == 0 && checked.stdout.isEmpty && checked.stderr.isEmpty,
                "promtool: \(checked.stdoutText)\(checked.stderrText)")

        let prometheus = try await RealPrometheus(jobs: [.init(name: "nubladash", targets: ["127.0.0.1:\(serve.port)"])])
        try await prometheus.waitForTarget(job: "nubladash", instance: "127.0.0.1:\(serve.port)")
        func value(_ promql: String) async throws -> Double {
            let samples = try await prometheus.waitFor(promql)
            return try #require(samples.first).value
        }
        #expect(try await value("nubladash_prepull_images") == Double(prepullImages.count))
        #expect(try await value(#"sum(nubladash_prepull_image_nodes{state="cached"})"#) == Double(cachedCells))
        for state in ["pulling", "failing", "stuck"] {
            #expect(try await value(#"nubladash_pulls{state="\#(state)"}"#) == Double(totals[state] ?? -1), "\(state)")
        }
        for source in ["registry", "nodes", "pods", "config"] {
            #expect(try await value(#"nubladash_up{source="\#(source)"}"#) == 1, "\(source)")
        }
        #expect(await serve.terminate() == .init(exitCode: 0, signal: nil))
    }
}
