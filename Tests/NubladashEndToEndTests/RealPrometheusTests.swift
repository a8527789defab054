import Foundation
import Testing

/// The harness the integration tests of `serve` scrape it with: Debian's Prometheus on a
/// loopback port it binds itself, read through its HTTP API, gone without a trace afterwards.
@Suite("A real Prometheus on loopback", .serialized)
struct RealPrometheusTests {
    @Test("scrapes its own /metrics every second and answers queries through its API")
    func scrapesItself() async throws {
        let scratch = try await scrapeItself()
        #expect(!FileManager.default.fileExists(atPath: scratch), "its storage folder is left behind")
    }

    /// Scrapes and queries a Prometheus of its own; returns its scratch folder once it is gone.
    func scrapeItself() async throws -> String {
        let started = try await RealPrometheus()
        let scratch = started.scratch.path
        // Its port is known only once it listens: the job is added then, by a reload.
        try await started.configure(jobs: [.init(name: "prometheus", targets: [started.selfTarget])])
        let up = try await started.waitForTarget(job: "prometheus", instance: started.selfTarget)
        #expect(up.labels["job"] == "prometheus")
        #expect(up.labels["instance"] == started.selfTarget)
        #expect(up.value == 1)
        // A query with quotes, braces and `+` arrives as written (`up` exists whether or not
        // the latest scrape succeeded).
        let sum = try await started.query("count(up{job=\"prometheus\"}) + 1")
        #expect(sum.map(\.value) == [2], "\(sum)")
        // What it scraped of itself: its own build, by label.
        let build = try await started.waitFor("prometheus_build_info{job=\"prometheus\"}")
        #expect(build.count == 1 && build.first?.labels["version"]?.isEmpty == false, "\(build)")

        let refused = await #expect(throws: RealPrometheus.Failure.self) { try await started.query("up{") }
        #expect(refused?.description.contains("parse error") == true, "\(String(describing: refused))")

        #expect(started.stop() == .init(exitCode: nil, signal: SIGKILL))
        return scratch
    }

    @Test("a configuration Prometheus refuses is reported with what it said")
    func refusedConfiguration() async throws {
        let prometheus = try await RealPrometheus()
        let failure = await #expect(throws: RealPrometheus.Failure.self) {
            try await prometheus.configure(jobs: [.init(name: "twice", targets: []), .init(name: "twice", targets: [])])
        }
        #expect(failure?.description.contains("Error reloading config") == true, "\(String(describing: failure))")
    }
}
